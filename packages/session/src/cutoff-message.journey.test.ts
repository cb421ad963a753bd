import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { endDelegation } from './end-delegation.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

// Journey 8: a human logs out and logs straight back in; the app signs a new act JWT 2 s after
// the cut-off. It is refused (the documented 5 s clock tolerance), but the message says it was
// issued *before* the cut-off, which sends the team hunting for clock skew or a stale JWT.
describe('the refusal of an act JWT issued just after a cut-off', () => {
  it('does not claim the JWT was issued before the cut-off, and says when a new one is accepted', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const { sender, outOfSession } = outOfSessionSetup(app, { clock, cutoffStore });
    await endDelegation({ human: 'alice', cutoffStore, clock });
    clock.advance(2);
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'alice' },
      agentEndpoint: AGENT_ENDPOINT,
    });
    const refusal = await outOfSession
      .requestTokenFromJwt({ actJwt, agentId: 'agent', scope: ['s'] })
      .then(
        () => undefined,
        (error: Error & { reason?: string }) => error,
      );
    expect(refusal?.reason).toBe('revoked');
    expect(refusal?.message).not.toMatch(/issued before/);
    expect(refusal?.message).toMatch(/tolerance|seconds/);
  });
});
