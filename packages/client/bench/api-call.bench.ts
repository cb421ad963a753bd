// Cost of an API call through InSessionApiCall (checks, headers, redirect and retry handling, ky)
// relative to a raw fetch of the same URL with the same headers, over HTTPS on loopback.
// Not a test: run with `pnpm bench`.
import { createDualSubjectToken } from '@dual-auth/core';
import { startHttpsServer } from '@dual-auth/testing';
import { compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import { InSessionApiCall } from '../src/index.js';

const server = await startHttpsServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"balance":1234.56}');
});
const url = `${server.url}/api/balance`;
const token = createDualSubjectToken({
  accessToken: 'bench-access-token',
  tokenType: 'Bearer',
  expiresIn: 3600,
  scope: 'finance.read',
  issuedAt: Date.now(),
});
const api = new InSessionApiCall({ fetch: server.fetch });

try {
  const comparison = await compareToBaseline(
    async () => {
      const response = await server.fetch(url, {
        headers: { authorization: `Bearer ${token.accessToken}` },
      });
      await response.arrayBuffer();
    },
    async () => {
      const response = await api.callApi({ method: 'GET', apiUrl: url, tokenResponse: token });
      await response.arrayBuffer();
    },
  );
  console.log(formatComparison('InSessionApiCall.callApi / raw fetch', comparison));
} finally {
  await server.close();
}
