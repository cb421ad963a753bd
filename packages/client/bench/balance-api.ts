import { createDualSubjectToken, type DualSubjectToken } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';

/** The API the client benchmarks call: a loopback HTTPS server, its URL, a token for it. */
export interface BalanceApi {
  readonly server: TestHttpsServer;
  /** `https://127.0.0.1:PORT/api/balance`, answering `{"balance":1234.56}`. */
  readonly url: string;
  readonly token: DualSubjectToken;
}

/** Starts the benchmarks' API; `server.close()` stops it. `onRequest` runs as each request arrives. */
export async function startBalanceApi(onRequest?: () => void): Promise<BalanceApi> {
  const server = await startHttpsServer((_req, res) => {
    onRequest?.();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"balance":1234.56}');
  });
  const token = createDualSubjectToken({
    accessToken: 'bench-access-token',
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt: Date.now(),
  });
  return { server, url: `${server.url}/api/balance`, token };
}
