// Session 37 ("adapter-kit adapters accept a JWT past exp (clock skew)"), against the real local
// IdP: an agent whose clock runs ahead of the IdP's reads the token the IdP just issued as past its
// `exp`. Handed out, the API would refuse it (RFC 7519 §4.1.4 leeway is for accepting a JWT, not
// for handing one out), and a cache would ask the IdP again at every call.
import { assertVendor, createSubjectToken, getConfig, TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import { heldClock, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthPlugin } from './index.js';

// How long the local IdP's access tokens live, in ms.
const LIFETIME_MS = 3_600_000;

let idp: LocalIdp;
let alice: string;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
  [alice] = [...idp.humans.values()].map((human) => human.sub) as [string];
}, 60_000);
afterAll(() => idp?.close());

// A token for alice from an agent whose clock is `aheadMs` ahead of the IdP's (the system clock,
// by which oidc-provider dates its tokens).
async function requestAhead(mode: string, aheadMs: number) {
  const env = { ...idp.env('finance-agent'), OAUTH_MODE: mode };
  const config = await getConfig({ env, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  const clock = heldClock(Date.now() + aheadMs);
  const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, clock, retry: false });
  const subjectToken = createSubjectToken(await idp.issueSubjectToken({ human: alice }));
  return adapter.requestToken({
    agentId: 'finance-agent',
    act: { sub: alice },
    scope: ['finance.read'],
    ...(mode === 'client-credentials' ? {} : { subjectToken }),
  });
}

describe.each(['client-credentials', 'token-exchange'])(
  'a token the IdP issued (%s), read by an agent whose clock is ahead of it',
  (mode) => {
    it('with lifetime left by the agent’s clock, is handed out, expiring at its exp', async () => {
      const token = await requestAhead(mode, LIFETIME_MS - 120_000);
      const exp = jwtPayloadOf(token.accessToken)?.exp as number;
      expect(token.expiresAt).toBe(exp * 1000);
      expect(exp * 1000).toBeGreaterThan(token.issuedAt ?? Number.POSITIVE_INFINITY);
    }, 30_000);

    it.each([
      ['just past its exp (within any clock tolerance)', LIFETIME_MS + 5_000],
      ['an hour past its exp', 2 * LIFETIME_MS],
    ])(
      '%s, is refused as expired, naming the clocks to check',
      async (_, aheadMs) => {
        const error = await requestAhead(mode, aheadMs).catch((thrown: unknown) => thrown);
        expect(TokenRequestError.isInstance(error)).toBe(true);
        // Before: client-credentials handed the token out (expiresAt already past); token-exchange
        // refused it in the oauth adapter's own check.
        expect((error as Error).message).toContain(
          "access_token is past its exp: check this host's clock and the IdP's (NTP)",
        );
      },
      30_000,
    );
  },
);
