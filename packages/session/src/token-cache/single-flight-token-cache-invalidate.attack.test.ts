import { createDualSubjectToken, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { endDelegation } from '../end-delegation.js';
import { SingleFlightTokenCache } from './single-flight-token-cache.js';
import type { ActTokenCacheKey } from './token-cache-key.js';

// Attack (time): `invalidate` (logout, `endDelegation`) marks a request under way for the human as
// not to be stored, but leaves it joinable. A lookup that starts AFTER the delegation ended (an
// in-session request, which reads no cut-off: the human logged back in, or a queued agent task)
// joins it and is handed the token whose request began before the delegation was ended.

const key: ActTokenCacheKey = {
  adapterId: 'kc|https://idp/token|agent',
  agentId: 'agent',
  sub: 'alice',
  scope: ['finance.read'],
  audience: 'api',
};

describe('attack: a lookup after endDelegation joins the request under way from before it', () => {
  it('is not handed the token of a request that began before the delegation ended', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cache = new SingleFlightTokenCache({ clock });
    let calls = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const idp = async () => {
      calls += 1;
      const n = calls;
      if (n === 1) await held;
      return createDualSubjectToken({
        accessToken: `opaque-${n}`,
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'finance.read',
        issuedAt: clock.now(),
      });
    };
    const before = cache.getOrRequest(key, idp);
    // Under way: the IdP was asked (the first lookup of a process may first load telemetry).
    await vi.waitFor(() => expect(calls).toBe(1));
    clock.advance(1);
    await endDelegation({
      human: 'alice',
      cache,
      cutoffStore: new InMemoryDelegationCutoffStore({ clock }),
      clock,
    });
    clock.advance(1);
    // After the delegation ended: a new lookup for the same agent, human and scopes.
    const after = cache.getOrRequest(key, idp);
    release();
    // The caller that was waiting began before the delegation ended: it gets the answer, as it
    // would have a moment earlier (a caller that reads the cut-off refuses it by checkAnswer).
    expect((await before).accessToken).toBe('opaque-1');
    const served = await after;
    expect(served.accessToken).not.toBe('opaque-1');
    expect(calls).toBe(2);
  });
});
