import { ActVerificationError, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { CountingAdapter, ManualClock } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// Attack (wave30, agent side): a token provider kept a copy of its act for the IdP, but its
// cut-off checks read the caller's act object at each getToken. An app that reuses that object
// (`act.sub = nextUser.id`) made alice's provider check bob's cut-off while still asking the IdP
// for alice: after endDelegation({ human: alice }) her provider kept getting tokens. The checks
// read the same copy the IdP request does.
it("a provider checks the cut-off of the human it asks tokens for, whatever later happens to the caller's act", async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const inSession = new InSessionTokenRequest({
    adapter,
    cache: new SingleFlightTokenCache({ clock }),
    cutoffStore,
    clock,
  });
  const act = { sub: 'alice' };
  const provider = inSession.tokenProvider({
    agentId: 'agent',
    act,
    scope: ['finance.read'],
    signedInAtMs: clock.now(),
  });
  expect((await provider.getToken({})).accessToken).toBe('at:agent:alice:1');
  act.sub = 'bob';
  clock.advance(60);
  await endDelegation({ human: { sub: 'alice' }, cutoffStore, clock });
  clock.advance(60);
  const refused = await provider.getToken({ forceRefresh: true }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(ActVerificationError.isInstance(refused)).toBe(true);
  expect(refused).toMatchObject({ reason: 'revoked' });
  expect(adapter.calls).toBe(1);
});
