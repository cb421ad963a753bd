import { createDualSubjectToken, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { endDelegation } from '../end-delegation.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
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

/** An IdP whose first answer waits for `release`; every answer is a new opaque token. */
function heldIdp(clock: ManualClock) {
  const state = { calls: 0, release: () => {} };
  const held = new Promise<void>((resolve) => {
    state.release = resolve;
  });
  const idp = async () => {
    state.calls += 1;
    const n = state.calls;
    if (n === 1) await held;
    return createDualSubjectToken({
      accessToken: `opaque-${n}`,
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read',
      issuedAt: clock.now(),
    });
  };
  return { idp, state };
}

describe('attack: a lookup after endDelegation joins the request under way from before it', () => {
  it('is not handed the token of a request that began before the delegation ended', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cache = new SingleFlightTokenCache({ clock });
    const { idp, state } = heldIdp(clock);
    const before = cache.getOrRequest(key, idp);
    // Under way: the IdP was asked (the first lookup of a process may first load telemetry).
    await vi.waitFor(() => expect(state.calls).toBe(1));
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
    state.release();
    // The caller that was waiting began before the delegation ended: it gets the answer, as it
    // would have a moment earlier (a caller that reads the cut-off refuses it by checkAnswer).
    expect((await before).accessToken).toBe('opaque-1');
    const served = await after;
    expect(served.accessToken).not.toBe('opaque-1');
    expect(state.calls).toBe(2);
  });

  it("two caches over one in-memory store: a request under way at the other's invalidate does not store its token", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const store = new InMemoryTokenCache({ clock });
    const first = new SingleFlightTokenCache({ clock, store });
    const second = new SingleFlightTokenCache({ clock, store });
    const { idp, state } = heldIdp(clock);
    const underWay = second.getOrRequest(key, idp);
    await vi.waitFor(() => expect(state.calls).toBe(1));
    clock.advance(1);
    await first.invalidate('alice');
    clock.advance(1);
    state.release();
    await underWay;
    expect((await first.getOrRequest(key, idp)).accessToken).toBe('opaque-2');
    expect(state.calls).toBe(2);
  });
});
