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

const act = { sub: 'alice' };

// Attack (review rev9): `signedInAtMs` is checked as "a finite number >= 0" only. A sign-in time
// after now is not a sign-in time: an app that dates its session in microseconds
// (performance.timeOrigin * 1000, a `Date.now() * 1000` unit slip), or a stale tab's session
// record edited to a far date, makes every request after the human's logout look like a fresh
// sign-in. With an opaque subject token (or none) it is the only date the cut-off sees, so the
// agent keeps minting delegations for a human who logged out.
describe('attack: InSessionTokenRequest, a signedInAtMs later than now', () => {
  for (const [name, subjectToken] of [
    ['an opaque subject token', createSubjectToken('opaque-reference-token')],
    ['no subject token', undefined],
  ] as const) {
    it(`refuses a sign-in time in the future after the human's endDelegation (${name})`, async () => {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
      const adapter = new CountingAdapter({ now: () => clock.now() });
      const cache = new SingleFlightTokenCache({ clock });
      const inSession = new InSessionTokenRequest({ adapter, cache, cutoffStore, clock });
      // The human signed in before the logout; the app's record is in microseconds.
      const signedInAtMs = (clock.now() - 60_000) * 1000;
      const request = {
        agentId: 'agent',
        act,
        scope: ['finance.read'],
        subjectToken,
        signedInAtMs,
      };
      clock.advance(60);
      await endDelegation({ human: act, cutoffStore, clock });
      clock.advance(60);
      const outcome = await inSession.requestToken(request).then(
        () => 'minted a new delegation',
        (error: unknown) =>
          ActVerificationError.isInstance(error)
            ? error.reason
            : error instanceof TypeError
              ? 'TypeError'
              : error,
      );
      expect(['revoked', 'TypeError']).toContain(outcome);
      expect(adapter.calls).toBe(0);
    });
  }

  // Held (review rev9): "the earlier of the two" — a fresh sign-in time does not launder the
  // human's subject token from before the logout.
  it("refuses the human's dated subject token from before the logout beside a fresh signedInAtMs", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    // A token exchange: the subject token is what the IdP would exchange.
    const adapter = new CountingAdapter({ now: () => clock.now(), layout: 'rfc8693' });
    const inSession = new InSessionTokenRequest({ adapter, cutoffStore, clock });
    const subjectToken = createSubjectToken(
      unsignedJwtIssuedAt(Math.floor(clock.now() / 1000), { sub: 'alice' }),
    );
    clock.advance(60);
    await endDelegation({ human: act, cutoffStore, clock });
    clock.advance(60);
    const request = { agentId: 'agent', act, scope: ['finance.read'], subjectToken };
    await expect(
      inSession.requestToken({ ...request, signedInAtMs: clock.now() }),
    ).rejects.toMatchObject({ reason: 'revoked' });
    expect(adapter.calls).toBe(0);
  });
});
