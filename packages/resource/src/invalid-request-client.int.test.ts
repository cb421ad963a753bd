import { InSessionApiCall } from '@dual-auth/client';
import type { DualSubjectToken, GetTokenOptions, TokenProvider } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  type JwksServer,
  type SigningKey,
  startJwksServer,
} from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { withDualAuth } from './fetch/index.js';

// The agent's side of RFC 6750 §3.1: a 400 invalid_request from a real guard is a bug in the
// sender or a proxy, which neither a new token nor the same request again can fix.

let idpKey: SigningKey;
let jwks: JwksServer;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
  jwks = await startJwksServer([idpKey.publicJwk]);
});
afterAll(() => jwks.close());

/** A provider of valid Keycloak tokens that counts forced refreshes. */
function countingProvider(): TokenProvider & { calls: GetTokenOptions[] } {
  const calls: GetTokenOptions[] = [];
  return {
    calls,
    identity: { agentId: 'finance-agent', humanId: 'user-123' },
    async getToken(options: GetTokenOptions = {}): Promise<DualSubjectToken> {
      calls.push(options);
      return {
        accessToken: await accessToken('keycloak', idpKey),
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read',
        expiresAt: fixedClock.now() + 300_000,
      };
    },
  };
}

/** The API behind a real guard, reached through a proxy that sends `Authorization` twice. */
function apiBehindDuplicatingProxy() {
  const guard = createDualAuthGuard(
    scenarioGuardOptions('keycloak', { jwks, appPem: '', onDecision: () => {} }),
  );
  const api = withDualAuth(() => Response.json({ balance: 42 }), guard);
  const seen: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const authorization = request.headers.get('authorization');
    if (authorization !== null) request.headers.append('authorization', authorization);
    seen.push(request.headers.get('authorization') ?? '');
    return api(request);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

describe('@dual-auth/client against a guard answering 400 invalid_request', () => {
  it('neither renews the token nor retries, and throws an ApiCallError saying the request was malformed', async () => {
    const proxy = apiBehindDuplicatingProxy();
    const provider = countingProvider();
    const sleeps: number[] = [];
    const call = new InSessionApiCall({
      fetch: proxy.fetch,
      clock: fixedClock,
      sleep: async (ms: number) => void sleeps.push(ms),
      // Even a caller who lists 400 as retryable gets no loop: the same request fails the same way.
      retry: { statusCodes: [400, 503] },
    });
    const error = await call
      .callApi({ apiUrl: 'https://api.example.test/balance', tokenProvider: provider })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ApiCallError',
      status: 400,
      attempts: 1,
      reason: 'status',
      message:
        'API call failed: GET https://api.example.test/balance answered HTTP 400 after 1 attempt(s) (Bearer error invalid_request: Authorization header was sent more than once; send it exactly once); the request was malformed, not its token: a bug in the sender or a proxy that repeats or rewrites the Authorization or X-Act-Assertion header (RFC 6750 §3.1), so it was neither renewed nor retried',
    });
    expect(proxy.seen).toHaveLength(1);
    expect(provider.calls.map((c) => c.forceRefresh === true)).toEqual([false]);
    expect(sleeps).toEqual([]);
  });
});
