import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { createTokenIntrospection } from './token-introspection.js';

// Attack: without credentials of any kind, a client sends many distinct made-up opaque tokens.
// Each one is a fresh cache key, so the API opens one introspection call to the IdP per junk token,
// all at once, with no cap: the attacker spends one header per IdP call, drains the API's sockets
// and the IdP's rate limit for the API's client (Okta and Auth0 rate-limit per org/client), and
// once the IdP throttles, every real user's request is answered 503 (introspection_unavailable).
const JUNK_TOKENS = 200;
const MAX_CONCURRENT_INTROSPECTIONS = 32;

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
}, 60_000);
afterAll(() => idp?.close());

describe('introspection under a flood of made-up opaque tokens', () => {
  it(`keeps at most ${MAX_CONCURRENT_INTROSPECTIONS} introspection calls in flight`, async () => {
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      if (String(input) !== idp.introspectionUrl) return idp.fetch(input as string, init);
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await idp.fetch(input as string, init);
      } finally {
        inFlight--;
      }
    };
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      introspection: createTokenIntrospection({
        endpoint: idp.introspectionUrl,
        clientId: idp.apiClient.clientId,
        clientSecret: idp.apiClient.clientSecret,
        fetch: counting,
        timeoutMs: 60_000,
      }),
      humanAllowed: () => true,
    });
    const decisions = await Promise.all(
      Array.from({ length: JUNK_TOKENS }, () =>
        guard.check({
          authorization: `Bearer junk${crypto.randomUUID().replaceAll('-', '')}`,
          actAssertion: undefined,
          method: 'GET',
          route: '/api/balance',
        }),
      ),
    );
    expect(decisions.every((decision) => decision.decision === 'DENY')).toBe(true);
    expect(most).toBeLessThanOrEqual(MAX_CONCURRENT_INTROSPECTIONS);
  }, 120_000);
});
