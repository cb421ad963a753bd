import { delegationCutoffVerdict, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';

// Attack (session 21, brk21): an Auth0 API may issue access tokens living up to 30 days
// (2 592 000 s, https://auth0.com/docs/secure/tokens/access-tokens/update-access-token-lifetime)
// and the guard takes a maxTokenLifetimeSeconds that long; endDelegation's keepMs, read as a timer
// delay, stopped at 2^31-1 ms (24.8 days). The longest cut-off it could keep was forgotten some
// five days before such a token expired, and the token, minted before the sign-out, was accepted
// again for those days.

const DAY_MS = 86_400_000;
const THIRTY_DAYS_MS = 30 * DAY_MS;

describe("attack: a cut-off forgotten before the human's longest-lived token expires", () => {
  it('keeps the cut-off of 30-day tokens 30 days plus 900 s, the token refused on its last day', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    // Minted a second before the sign-out, for 30 days.
    const iatSeconds = clock.now() / 1000 - 1;
    await endDelegation({ human: 'u-alice', cutoffStore, clock, keepMs: THIRTY_DAYS_MS });
    clock.advance(30 * 86_400 - 2);
    const verdict = await delegationCutoffVerdict({
      store: cutoffStore,
      human: { sub: 'u-alice' },
      iatSeconds,
    });
    expect(verdict.state).toBe('ended');
    clock.advance(2 + 899);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeDefined();
    clock.advance(2);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeUndefined();
  });

  it('refuses a keepMs over a year (a lifetime no IdP issues) before recording anything', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    await expect(
      endDelegation({ human: 'u-alice', cutoffStore, clock, keepMs: 366 * DAY_MS }),
    ).rejects.toThrow(/keepMs must be at most a year \(31536000000 ms\)/);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeUndefined();
  });
});
