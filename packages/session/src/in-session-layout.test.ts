import { createSubjectToken, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, unsignedJwtIssuedAt } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

const act = { sub: 'alice' };

describe('InSessionTokenRequest and the adapter layout (IamAdapter.layout)', () => {
  it('refuses a layout it does not know at construction, never reading it as one that dates', () => {
    for (const layout of ['RFC8693', 'token-exchange', 1]) {
      const adapter = Object.assign(new CountingAdapter(), { layout });
      expect(() => new InSessionTokenRequest({ adapter })).toThrow(
        new TypeError("options.adapter.layout must be 'legacy' or 'rfc8693'"),
      );
    }
  });

  it('in the legacy layout, dates the session by signedInAtMs alone: the subject token is never read', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const adapter = new CountingAdapter({ now: () => clock.now(), layout: 'legacy' });
    const inSession = new InSessionTokenRequest({ adapter, cutoffStore, clock, cache: false });
    const dated = (seconds: number) =>
      createSubjectToken(unsignedJwtIssuedAt(seconds, { sub: 'alice' }));
    const stale = dated(Math.floor(clock.now() / 1000));
    clock.advance(60);
    await endDelegation({ human: act, cutoffStore, clock });
    clock.advance(60);
    const request = { agentId: 'agent', act, scope: ['finance.read'] };

    const fresh = dated(Math.floor(clock.now() / 1000));
    await expect(inSession.requestToken({ ...request, subjectToken: fresh })).rejects.toMatchObject(
      {
        reason: 'revoked',
        message: expect.stringMatching(/to an adapter whose IdP verifies it \(layout rfc8693\)$/),
      },
    );
    await inSession.requestToken({ ...request, subjectToken: stale, signedInAtMs: clock.now() });
    await expect(
      inSession.requestToken({ ...request, signedInAtMs: clock.now() - 90_000 }),
    ).rejects.toMatchObject({ reason: 'revoked' });
    expect(adapter.calls).toBe(1);
  });
});
