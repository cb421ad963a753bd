import {
  type Act,
  type Clock,
  createSubjectToken,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { endDelegation, InSessionTokenRequest } from '@dual-auth/session';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { startedLocalIdp } from '../test/support/started-local-idp.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanHasRole } from './subject-checks.js';

// Entra ID dates a token's `iat` (and `nbf`) 5 minutes before it mints it. The guard judged the
// access token by its raw `iat`, so after `endDelegation` every token Entra minted in the next 5
// minutes was refused at the API (`revoked`), however often the human signed in again. The local
// Entra IdP backdates as Entra does; the guard judges a token issued at `iat` plus the profile's
// `iatBackdateSeconds`, as the session's in-session cut-off judges the human's token.

/** A clock `offsetMs` from the IdP's: a cut-off recorded on it is that far from the IdP's now. */
const offsetClock = (offsetMs: number): Clock => ({ now: () => Date.now() + offsetMs });

function guardFor(idp: LocalIdp, cutoffStore: InMemoryDelegationCutoffStore) {
  return createDualAuthGuard({
    ...idpGuardOptions(idp),
    cutoffStore,
    humanAllowed: humanHasRole('FinanceUser', async () => ['FinanceUser']),
  });
}

async function tokenFor(idp: LocalIdp, act: Act) {
  const adapter = await adapterFor(idp, 'finance-agent');
  return adapter.requestToken({ agentId: 'finance-agent', act, scope: ['finance.read'] });
}

describe("Entra ID's iat, 5 minutes back, at the API's cut-off (local entraid IdP, backdating as Entra)", () => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor: 'entraid' }, (started) => {
    idp = started;
  });

  it('accepts a token the IdP mints after the cut-off, though its iat is dated before the cut-off', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = guardFor(idp, cutoffStore);
    const act = actOf(idp, 'alice');
    // She logged out 20 s ago: more than the guard's 15 s clock tolerance, with no waiting.
    const { cutoffMs } = await endDelegation({
      human: act,
      cutoffStore,
      clock: offsetClock(-20_000),
    });
    const token = await tokenFor(idp, act);
    expect(Number(decodeJwt(token.accessToken).iat) * 1000).toBeLessThan(cutoffMs);
    const decision = await checkHeaders(guard, headersOf(token));
    expect(decision.audit).toMatchObject({ decision: 'ALLOW', status: 200 });
  });

  it("a new sign-in after the cut-off: the in-session agent's token is accepted at the API", async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = guardFor(idp, cutoffStore);
    const act = actOf(idp, 'alice');
    const adapter = await adapterFor(idp, 'finance-agent');
    const inSession = new InSessionTokenRequest({ adapter, cutoffStore, cache: false });
    // The Entra adapter is of the legacy layout: its IdP never sees the subject token, so the
    // request shows the sign-in time the app recorded (signedInAtMs), not the token's iat.
    const request = (subjectToken: string, signedInAtMs: number) =>
      inSession.requestToken({
        agentId: 'finance-agent',
        act,
        scope: ['finance.read'],
        subjectToken: createSubjectToken(subjectToken),
        signedInAtMs,
      });
    await endDelegation({ human: act, cutoffStore, clock: offsetClock(-20_000) });
    // Her new sign-in: Entra dates this token 5 minutes back too.
    const signIn = await idp.issueSubjectToken({ human: 'alice' });
    const decision = await checkHeaders(guard, headersOf(await request(signIn, Date.now())));
    expect(decision.audit).toMatchObject({ decision: 'ALLOW', status: 200 });
  });

  it('refuses a token the IdP minted before the cut-off: judged at its minting, not at its iat plus 5 minutes from the cut-off', async () => {
    for (const mintedBeforeCutoffMs of [1_000, 120_000, 290_000]) {
      const cutoffStore = new InMemoryDelegationCutoffStore();
      const guard = guardFor(idp, cutoffStore);
      const act = actOf(idp, 'alice');
      const token = await tokenFor(idp, act);
      expect((await checkHeaders(guard, headersOf(token))).status).toBe(200);
      // The cut-off lands this long after the IdP minted the token.
      await endDelegation({ human: act, cutoffStore, clock: offsetClock(mintedBeforeCutoffMs) });
      const refused = await checkHeaders(guard, headersOf(token));
      expect(refused.status).toBe(401);
      expect(refused.audit.reason).toBe('access_token.revoked');
    }
  });
});

describe('the trade, as in session: an Entra profile before an IdP that does not backdate (local entraid IdP, iatBackdateSeconds 0)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid', vendorOptions: { iatBackdateSeconds: 0 } });
  }, 60_000);
  afterAll(() => idp?.close());

  it('accepts a token minted up to 5 minutes before the cut-off, and refuses one minted longer before', async () => {
    const act = actOf(idp, 'alice');
    const token = await tokenFor(idp, act);
    const decisionWithCutoffAfter = async (mintedBeforeCutoffMs: number) => {
      const cutoffStore = new InMemoryDelegationCutoffStore();
      await endDelegation({ human: act, cutoffStore, clock: offsetClock(mintedBeforeCutoffMs) });
      return checkHeaders(guardFor(idp, cutoffStore), headersOf(token));
    };
    // Judged at iat + 300 s: 60 s before the cut-off reads as 240 s after it.
    expect((await decisionWithCutoffAfter(60_000)).status).toBe(200);
    const refused = await decisionWithCutoffAfter(320_000);
    expect(refused.status).toBe(401);
    expect(refused.audit.reason).toBe('access_token.revoked');
  });
});
