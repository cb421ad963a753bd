import { describe, expect, it } from 'vitest';
import { InMemoryReplayStore, refuseExpiresAtInSeconds } from '../index.js';

const MESSAGE =
  'expiresAt is epoch milliseconds; got a value that looks like seconds (a JWT exp?): pass exp * 1000';

// The one seconds check of InMemoryReplayStore and @dual-auth/store-redis's RedisReplayStore: the
// same error, byte for byte, as each threw on its own before (wave 25).
describe('refuseExpiresAtInSeconds', () => {
  it('refuses below 1e11 ms (March 1973) with a TypeError naming the fix', () => {
    const expSeconds = Math.floor(Date.UTC(2026, 11, 4) / 1000) + 300;
    for (const expiresAt of [expSeconds, 0, -1, 1e11 - 1, 4_102_444_800, -Infinity]) {
      let thrown: unknown;
      try {
        refuseExpiresAtInSeconds(expiresAt);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(thrown).toHaveProperty('message', MESSAGE);
    }
  });

  it('lets through 1e11 and above, and leaves a non-finite one to the store check before it', () => {
    for (const expiresAt of [1e11, Date.UTC(2026, 11, 4), Number.NaN, Infinity]) {
      expect(refuseExpiresAtInSeconds(expiresAt)).toBeUndefined();
    }
  });

  it('is the check InMemoryReplayStore applies', async () => {
    const store = new InMemoryReplayStore();
    await expect(store.claim('j', 1e11 - 1)).rejects.toBeInstanceOf(TypeError);
    await expect(store.claim('j', 1e11 - 1)).rejects.toHaveProperty('message', MESSAGE);
  });
});
