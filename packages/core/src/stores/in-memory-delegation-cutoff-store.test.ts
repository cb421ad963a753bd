import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/manual-clock.js';
import { InMemoryDelegationCutoffStore } from './in-memory-delegation-cutoff-store.js';

describe('InMemoryDelegationCutoffStore', () => {
  it('keeps the latest cut-off per human for its keepMs, then forgets it; another human has none', async () => {
    const clock = manualClock();
    const store = new InMemoryDelegationCutoffStore({ clock });
    await store.endDelegation('u-alice', 2_000_000, 60_000);
    await store.endDelegation('u-alice', 1_900_000, 60_000);
    expect(await store.cutoffOf('u-alice')).toBe(2_000_000);
    await store.endDelegation('u-alice', 2_000_500, 60_000);
    expect(await store.cutoffOf('u-alice')).toBe(2_000_500);
    expect(await store.cutoffOf('u-bob')).toBeUndefined();
    clock.advance(59_999);
    expect(await store.cutoffOf('u-alice')).toBe(2_000_500);
    clock.advance(1);
    expect(await store.cutoffOf('u-alice')).toBeUndefined();
  });

  // As RedisDelegationCutoffStore does (its test runs the same sequence on both stores).
  it('an earlier cut-off with a longer keepMs keeps the latest cut-off for the longer time', async () => {
    const clock = manualClock();
    const store = new InMemoryDelegationCutoffStore({ clock });
    await store.endDelegation('u-alice', clock.now(), 60_000);
    // Another instance, its clock 10 ms behind, asks for a day.
    await store.endDelegation('u-alice', clock.now() - 10, 86_400_000);
    clock.advance(120_000);
    expect(await store.cutoffOf('u-alice')).toBe(1_000_000);
  });

  it('a keep made longer outlives the sweep at its first expiry, then goes at the longer one', async () => {
    const clock = manualClock();
    const store = new InMemoryDelegationCutoffStore({ clock });
    await store.endDelegation('u-alice', clock.now(), 60_000);
    await store.endDelegation('u-alice', clock.now(), 600_000);
    clock.advance(120_000);
    await store.endDelegation('u-bob', clock.now(), 60_000); // sweeps what expired
    expect(await store.cutoffOf('u-alice')).toBe(1_000_000);
    clock.advance(480_000);
    await store.endDelegation('u-bob', clock.now(), 60_000);
    expect(await store.cutoffOf('u-alice')).toBeUndefined();
    expect(await store.cutoffOf('u-bob')).toBe(1_600_000);
  });

  it('a shorter keepMs never shortens the keep already asked', async () => {
    const clock = manualClock();
    const store = new InMemoryDelegationCutoffStore({ clock });
    await store.endDelegation('u-alice', clock.now(), 600_000);
    await store.endDelegation('u-alice', clock.now(), 1_000);
    clock.advance(2_000);
    expect(await store.cutoffOf('u-alice')).toBe(1_000_000);
  });

  it('refuses a wrong argument with a TypeError naming it', async () => {
    const store = new InMemoryDelegationCutoffStore();
    await expect(store.endDelegation('', Date.now(), 1_000)).rejects.toThrow(/human/);
    await expect(store.endDelegation('u-1', Number.NaN, 1_000)).rejects.toThrow(/cutoffMs/);
    await expect(store.endDelegation('u-1', Date.now(), 0)).rejects.toThrow(/keepMs/);
    // Past 2^53 - 1 the Redis store could not write it (see store-redis's keep-ms attack test).
    await expect(store.endDelegation('u-1', Date.now(), 1e300)).rejects.toThrow(/keepMs/);
  });

  // Written, a cut-off past 2^53 - 1 or before the epoch reads back as "not a time" in every
  // shared store: the human locked out until the next endDelegation. Refused here, for every store.
  it.each([
    ['2^53', 2 ** 53],
    ['1e300', 1e300],
    ['-1', -1],
  ])(
    'refuses a cutoffMs of %s with a TypeError saying the bound, keeping nothing',
    async (_name, cutoffMs) => {
      const store = new InMemoryDelegationCutoffStore();
      await expect(store.endDelegation('u-1', cutoffMs, 1_000)).rejects.toThrow(
        /cutoffMs must be ms since the epoch, from 0 to 2\^53 - 1/,
      );
      expect(await store.cutoffOf('u-1')).toBeUndefined();
    },
  );
});
