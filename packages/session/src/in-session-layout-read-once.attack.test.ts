import { createSubjectToken, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { CountingAdapter, ManualClock, unsignedJwtIssuedAt } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

// Attack: new InSessionTokenRequest read `options.adapter` once per use (the adapter check,
// iatBackdateSeconds, the layout, the adapter it keeps, the log line). An options object whose
// `adapter` getter answered an rfc8693 adapter when the layout was read, and a legacy one for the
// rest, had the cut-off date a session by the subject token's iat while the token went to a
// legacy adapter, whose IdP never sees it: a JWT anyone wrote, dated now, passed for a fresh
// sign-in. The options are read once now: the layout read is the adapter's that is kept.
it('attack: a layout read from one adapter getter read and the adapter kept from another', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const legacy = new CountingAdapter({ now: () => clock.now(), layout: 'legacy' });
  const exchange = new CountingAdapter({ now: () => clock.now(), layout: 'rfc8693' });
  let reads = 0;
  const options = {
    cutoffStore,
    clock,
    cache: false as const,
    // The third read, as the constructor of wave36/merge made them, was the layout's.
    get adapter() {
      reads += 1;
      return reads === 3 ? exchange : legacy;
    },
  };
  const inSession = new InSessionTokenRequest(options);
  expect(reads).toBe(1);
  const human = { sub: 'alice' };
  await endDelegation({ human, cutoffStore, clock });
  clock.advance(60);
  const forged = createSubjectToken(
    unsignedJwtIssuedAt(Math.floor(clock.now() / 1000), { sub: 'alice' }),
  );
  await expect(
    inSession.requestToken({ agentId: 'agent', act: human, scope: ['r'], subjectToken: forged }),
  ).rejects.toMatchObject({ reason: 'revoked' });
  expect(legacy.calls + exchange.calls).toBe(0);
});
