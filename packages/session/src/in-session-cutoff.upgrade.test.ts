import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import {
  ActVerificationError,
  createSubjectToken,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, unsignedJwtIssuedAt } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// Upgrade review (wave9/upg9): legitimate sign-ins after a logout, with the cutoffStore the guide
// now tells in-session apps to wire. These assert what a legitimate user expects; they FAIL on
// int14, showing the lock-out.

const act = { sub: 'alice', oid: '00000000-0000-0000-0000-0000000000a1' };
const SCOPE = ['finance.read'];

// The Entra cases exchange at an Entra-like adapter: its IdP's backdating is the adapter's
// `iatBackdateSeconds`, the one the Entra token profile declares (the review's first version used
// a Keycloak adapter, which dates `iat` at minting, for an Entra sign-in).
const ENTRA = { vendor: 'entraid', iatBackdateSeconds: entraIdTokenProfile.iatBackdateSeconds };

function setup(idp: { vendor?: string; iatBackdateSeconds?: number | undefined } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  // Adapters that exchange the subject token (its IdP verifies it: its `iat` dates the session).
  const adapter = new CountingAdapter({ now: () => clock.now(), layout: 'rfc8693', ...idp });
  const inSession = new InSessionTokenRequest({
    adapter,
    cache: new SingleFlightTokenCache({ clock }),
    cutoffStore,
    clock,
  });
  /** The human's token from a sign-in now, dated `iat` = now - backdateSeconds by the IdP. */
  const signIn = (backdateSeconds = 0) =>
    createSubjectToken(
      unsignedJwtIssuedAt(Math.floor(clock.now() / 1000) - backdateSeconds, { sub: 'alice' }),
    );
  const logout = () => endDelegation({ human: act, cutoffStore, clock });
  const outcome = (subjectToken: ReturnType<typeof signIn>) =>
    inSession.requestToken({ agentId: 'agent', act, scope: SCOPE, subjectToken }).then(
      () => 'token',
      (error: unknown) =>
        ActVerificationError.isInstance(error) ? error.reason : Promise.reject(error as Error),
    );
  return { clock, adapter, signIn, logout, outcome };
}

describe('upgrade: InSessionTokenRequest cutoffStore and a legitimate sign-in after logout', () => {
  it('Entra ID (iat backdated 5 min): a fresh sign-in 2 minutes after logout is exchanged', async () => {
    const { clock, signIn, logout, outcome } = setup(ENTRA);
    await logout();
    clock.advance(120);
    // A brand-new sign-in: Entra dates iat and nbf 5 minutes before it mints the token.
    expect(await outcome(signIn(300))).toBe('token');
  });

  it("Entra ID: the human's token from a sign-in before the logout is still refused", async () => {
    const { clock, signIn, logout, outcome } = setup(ENTRA);
    const beforeLogout = signIn(300);
    clock.advance(60);
    await logout();
    expect(await outcome(beforeLogout)).toBe('revoked');
  });

  it('refuses an adapter whose iatBackdateSeconds is not a finite number >= 0, at construction', () => {
    for (const iatBackdateSeconds of [-1, Number.NaN, '300']) {
      const adapter = Object.assign(new CountingAdapter(), { iatBackdateSeconds });
      expect(() => new InSessionTokenRequest({ adapter })).toThrow(
        /^options\.adapter\.iatBackdateSeconds must be a finite number >= 0/,
      );
    }
  });

  it('Entra ID: signing in again as the refusal advises still works within the 5 minutes', async () => {
    const { clock, signIn, logout, outcome } = setup(ENTRA);
    await logout();
    const seen: unknown[] = [];
    // The human follows "sign the human in again" once a minute.
    for (let minute = 1; minute <= 5; minute++) {
      clock.advance(60);
      seen.push(await outcome(signIn(300)));
    }
    expect(seen).toEqual(['token', 'token', 'token', 'token', 'token']);
  });

  // The cut-off is per human, not per device: endDelegation is the human's kill switch (admin
  // disable, "sign out everywhere") and ends the in-session agent on every device, as the session
  // guide says. A single-device logout drops that session's subject token and its cached tokens
  // (invalidate) without endDelegation, and the other device's agent goes on.
  it("endDelegation on one device's logout ends the in-session agent of the same human on every device; a single-device logout without it does not", async () => {
    const { clock, signIn, logout, outcome } = setup();
    const laptopSession = signIn();
    clock.advance(600);
    expect(await outcome(laptopSession)).toBe('token'); // the phone's logout, no endDelegation
    await logout(); // "sign out everywhere" from the phone
    clock.advance(60);
    expect(await outcome(laptopSession)).toBe('revoked');
  });

  it("a stale session's refusals do not drop the tokens the human's new session cached", async () => {
    const { clock, adapter, signIn, logout, outcome } = setup();
    const staleSession = signIn(); // e.g. a second tab or device that kept its token
    clock.advance(600);
    await logout();
    clock.advance(60);
    const newSession = signIn();
    expect(await outcome(newSession)).toBe('token');
    expect(adapter.calls).toBe(1);
    // The stale session's agent keeps trying (each refusal invalidates the human's cache).
    for (let i = 0; i < 3; i++) expect(await outcome(staleSession)).toBe('revoked');
    expect(await outcome(newSession)).toBe('token');
    // The new session's token, requested after the cut-off, is still served from the cache.
    expect(adapter.calls).toBe(1);
  });
});
