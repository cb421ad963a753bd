import { describe, expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from '../stores/in-memory-delegation-cutoff-store.js';
import { delegationCutoffVerdict } from './delegation-cutoff-store.js';
import {
  checkIatBackdateSeconds,
  cutoffIssuedAtSeconds,
  MAX_IAT_BACKDATE_SECONDS,
} from './iat-backdate.js';

describe('cutoffIssuedAtSeconds', () => {
  it("is iat plus the IdP's backdating, iat itself without one", () => {
    expect(cutoffIssuedAtSeconds(1_700_000_000, 300)).toBe(1_700_000_300);
    expect(cutoffIssuedAtSeconds(1_700_000_000)).toBe(1_700_000_000);
    expect(cutoffIssuedAtSeconds(1_700_000_000, MAX_IAT_BACKDATE_SECONDS)).toBe(1_700_000_600);
  });

  it('throws a TypeError for a backdating that is not a number from 0 to 600 (a day: a unit slip)', () => {
    for (const seconds of [-1, Number.NaN, 601, 86_400, '300']) {
      expect(() => cutoffIssuedAtSeconds(1_700_000_000, seconds as number)).toThrow(TypeError);
    }
    expect(() => checkIatBackdateSeconds(86_400, 'options.profile.iatBackdateSeconds')).toThrow(
      /^options\.profile\.iatBackdateSeconds must be at most 600 \(seconds; Entra ID's is 300\)$/,
    );
    expect(checkIatBackdateSeconds(undefined, 'x')).toBe(0);
  });
});

describe('delegationCutoffVerdict with iatBackdateSeconds (Entra ID dates iat 5 minutes back)', () => {
  const cutoffMs = 1_700_000_000_400;
  const human = { sub: 'user-1' };
  const store = async () => {
    const kept = new InMemoryDelegationCutoffStore({ clock: { now: () => cutoffMs } });
    await kept.endDelegation('user-1', cutoffMs, 600_000);
    return kept;
  };

  it('is open for a credential minted after the cut-off and the tolerance, its iat 300 s before it', async () => {
    // Minted at cut-off + 16 s, dated 300 s earlier.
    const iatSeconds = 1_700_000_016 - 300;
    const verdict = await delegationCutoffVerdict({
      store: await store(),
      human,
      iatSeconds,
      iatBackdateSeconds: 300,
      clockToleranceSeconds: 15,
    });
    expect(verdict).toEqual({ state: 'open', cutoffMs });
  });

  it('is ended for one minted before the cut-off, and says from when a new one is accepted by its minting', async () => {
    const kept = await store();
    const check = (mintedSeconds: number) =>
      delegationCutoffVerdict({
        store: kept,
        human,
        iatSeconds: mintedSeconds - 300,
        iatBackdateSeconds: 300,
        clockToleranceSeconds: 15,
      });
    expect(await check(1_699_999_990)).toEqual({ state: 'ended', cutoffMs });
    expect(await check(1_700_000_005)).toEqual({
      state: 'ended',
      cutoffMs,
      withinToleranceUntilMs: 1_700_000_016_000,
    });
  });
});
