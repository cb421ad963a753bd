import { createSubjectToken, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, unsignedJwtIssuedAt } from '../test/counting-adapter.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

// Upgrade review (session 11, upg12): `requestToken` takes `signal` (InSessionRequest), and on
// main a request with a signal was served with or without a cutoffStore. On int16, with a
// cutoffStore, requestToken hands the whole request to `tokenProvider`, whose unknown-option
// check does not know `signal`: the call throws `InSessionTokenRequest.tokenProvider: signal is
// not an option` although the caller never called tokenProvider. The adapter is the package's
// counting test adapter (no IdP is needed to reach the refusal).

describe('InSessionTokenRequest.requestToken upgrading from main: a request with a signal', () => {
  it('is served with a cutoffStore, as without one', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const adapter = new CountingAdapter({ now: () => clock.now() });
    const inSession = new InSessionTokenRequest({
      adapter,
      cutoffStore: new InMemoryDelegationCutoffStore({ clock }),
      clock,
    });
    const subjectToken = createSubjectToken(
      unsignedJwtIssuedAt(Math.floor(clock.now() / 1000), { sub: 'alice' }),
    );
    const token = await inSession.requestToken({
      agentId: 'agent',
      act: { sub: 'alice' },
      scope: ['finance.read'],
      subjectToken,
      signal: new AbortController().signal,
    });
    expect(token).toBeDefined();
    expect(adapter.calls).toBe(1);
  });
});
