// Session 37 ("adapter-kit adapters accept a JWT past exp (clock skew)"), against the real local
// IdP: an agent whose clock runs ahead of the IdP's reads the token the IdP just issued as past its
// `exp`. Handed out, the API would refuse it (RFC 7519 §4.1.4 leeway is for accepting a JWT, not
// for handing one out), and a cache would ask the IdP again at every call.
import {
  assertVendor,
  createSubjectToken,
  getConfig,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import { heldClock, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthPlugin } from './index.js';

const PAST_EXP = "access_token is past its exp: check this host's clock and the IdP's (NTP)";
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
  const env = {
    ...idp.env('finance-agent'),
    OAUTH_MODE: mode,
    ...(mode === 'id-jag'
      ? { OAUTH_IDP_TOKEN_URL: idp.tokenUrl, OAUTH_RESOURCE_ISSUER: idp.issuer }
      : {}),
  };
  const config = await getConfig({ env, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  const clock = heldClock(Date.now() + aheadMs);
  const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, clock, retry: false });
  // Cross App Access starts from the human's ID token of a login to the agent's own client.
  const subjectToken =
    mode === 'id-jag'
      ? createSubjectToken(
          await idp.issueSubjectToken({ human: alice, kind: 'id', clientId: 'finance-agent' }),
          TOKEN_TYPE.idToken,
        )
      : // Session 39: alive by the agent's clock too, which refuses a human's token past its exp.
        createSubjectToken(
          await idp.issueSubjectToken({ human: alice, expiresInSeconds: 3 * 3600 }),
        );
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

// The ID-JAG of Cross App Access lives 300 s at the local IdP: an agent 305 s ahead reads it, at
// step one, as past its exp, and sends it on no more (the resource's server would refuse it).
describe('an ID-JAG the IdP issued, read by an agent whose clock is ahead of it', () => {
  it('with lifetime left, is exchanged for the access token', async () => {
    const token = await requestAhead('id-jag', 200_000);
    expect(token.tokenType).toBe('Bearer');
  }, 30_000);

  it('past its exp, is refused at step one, naming the clocks to check', async () => {
    const before = idp.requests.length;
    const error = await requestAhead('id-jag', 305_000).catch((thrown: unknown) => thrown);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    // Session 38: judged after whom it names (refuseIdJagTime), in its own words.
    expect((error as Error).message).toContain(
      "the ID-JAG is past its exp: check this host's clock and the enterprise IdP's (NTP)",
    );
    expect(idp.requests.length - before).toBe(1);
  }, 30_000);
});
