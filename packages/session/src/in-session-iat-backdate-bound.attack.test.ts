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

// Attack (review rev9): `IamAdapter.iatBackdateSeconds` is checked as "a finite number >= 0"
// only. Any adapter (a third-party or in-house one, a wrapper that spreads another adapter's
// fields) may declare a day, and the in-session cut-off then exchanges every subject token the
// human got up to a day before the logout: endDelegation, the human's kill switch, no longer
// ends the agent for an app that still holds the old token. The only IdP known to backdate
// (Entra) does so by 300 s; a value far above that is a mistake or an attack, to refuse at
// construction (or to cap, and log).
describe('attack: an adapter declaring a huge iatBackdateSeconds', () => {
  it("refuses it, or still refuses the human's subject token from an hour before the logout", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const adapter = new CountingAdapter({
      now: () => clock.now(),
      vendor: 'in-house',
      iatBackdateSeconds: 86_400,
    });
    let inSession: InSessionTokenRequest;
    try {
      inSession = new InSessionTokenRequest({
        adapter,
        cache: new SingleFlightTokenCache({ clock }),
        cutoffStore,
        clock,
      });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      return;
    }
    const subjectToken = createSubjectToken(
      unsignedJwtIssuedAt(Math.floor(clock.now() / 1000), { sub: 'alice' }),
    );
    clock.advance(3600);
    await endDelegation({ human: act, cutoffStore, clock });
    clock.advance(60);
    const outcome = await inSession
      .requestToken({ agentId: 'agent', act, scope: ['finance.read'], subjectToken })
      .then(
        () => 'minted a new delegation',
        (error: unknown) => (ActVerificationError.isInstance(error) ? error.reason : error),
      );
    expect(outcome).toBe('revoked');
    expect(adapter.calls).toBe(0);
  });
});
