import { type DpopProofMaker, InSessionApiCall } from '@dual-auth/client';
import { createDualSubjectToken } from '@dual-auth/core';
import type { TestHttpsServer } from '@dual-auth/testing';

/**
 * `@dual-auth/client`'s call of `GET <api>/api/balance?currency=EUR` with `token` as `tokenType`
 * (`'DPoP'` or `'Bearer'`), and with `dpopProof` a proof per request from that maker.
 */
export function callBalance(
  api: TestHttpsServer,
  token: string,
  tokenType: string,
  dpopProof?: DpopProofMaker,
): Promise<Response> {
  return new InSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch }).callApi({
    apiUrl: `${api.url}/api/balance?currency=EUR`,
    tokenResponse: createDualSubjectToken({
      accessToken: token,
      tokenType,
      expiresIn: 3600,
      scope: 'finance.read',
      issuedAt: Date.now(),
    }),
    identity: { agentId: 'finance-agent', humanId: 'user-123' },
    throwHttpErrors: false,
    ...(dpopProof === undefined ? {} : { dpopProof }),
  });
}
