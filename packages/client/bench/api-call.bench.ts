// Cost of an API call through InSessionApiCall (checks, headers, redirect and retry handling, the
// deadline) relative to a raw fetch of the same URL with the same headers, over HTTPS on loopback,
// one call at a time and 16 in flight. Target (issue 18): ≥ 0.9 for both.
// Not a test: run with `pnpm bench`.
import { createDualSubjectToken } from '@dual-auth/core';
import { startHttpsServer } from '@dual-auth/testing';
import { compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import { InSessionApiCall } from '../src/index.js';

const IN_FLIGHT = 16;

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

const rawFetch = async (): Promise<void> => {
  const response = await server.fetch(url, {
    headers: { authorization: `Bearer ${token.accessToken}` },
  });
  await response.arrayBuffer();
};
const apiCall = async (): Promise<void> => {
  const response = await api.callApi({ method: 'GET', apiUrl: url, tokenResponse: token });
  await response.arrayBuffer();
};
const inFlight = (one: () => Promise<void>) => async (): Promise<void> => {
  await Promise.all(Array.from({ length: IN_FLIGHT }, one));
};

try {
  const sequential = await compareToBaseline(rawFetch, apiCall);
  console.log(formatComparison('InSessionApiCall.callApi / raw fetch, sequential', sequential));
  const parallel = await compareToBaseline(inFlight(rawFetch), inFlight(apiCall));
  console.log(
    formatComparison(`InSessionApiCall.callApi / raw fetch, ${IN_FLIGHT} in flight`, parallel),
  );
} finally {
  await server.close();
}
