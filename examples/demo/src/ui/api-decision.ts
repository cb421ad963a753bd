import { InSessionApiCall, OutOfSessionApiCall } from '@dual-auth/client';
import type { DualSubjectToken } from '@dual-auth/core';
import type { DemoApi } from '../demo-api.js';

/** What the API answered one call, as the page shows it. */
export interface ApiDecision {
  readonly status: number;
  readonly decision: 'ALLOW' | 'DENY';
  /** The API's JSON answer: the balance and both subjects' ids, or the OAuth error. */
  readonly body: unknown;
  /** The API's audit reason (`authorized`, `access_token.revoked`…). */
  readonly reason: string;
}

/**
 * `GET` on the demo API with `token`, by the in-session or the out-of-session client (which sends
 * Entra ID's act assertion too), and the reason the API recorded for its decision.
 */
export async function callDemoApi(
  api: DemoApi,
  fetch: typeof globalThis.fetch,
  token: DualSubjectToken,
  agent: 'in-session' | 'out-of-session',
): Promise<ApiDecision> {
  const client =
    agent === 'in-session' ? new InSessionApiCall({ fetch }) : new OutOfSessionApiCall({ fetch });
  const response = await client.callApi({
    method: 'GET',
    apiUrl: api.url,
    tokenResponse: token,
    throwHttpErrors: false,
  });
  const body: unknown = await response.json();
  return {
    status: response.status,
    decision: response.status === 200 ? 'ALLOW' : 'DENY',
    body,
    reason: api.decisions.at(-1)?.reason ?? 'no decision recorded',
  };
}
