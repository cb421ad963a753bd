import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';

describe('InMemoryReplayStore', () => {
  it('claims a jti once until it expires, then forgets it', async () => {
    const clock = new ManualClock();
    const store = new InMemoryReplayStore({ clock });
    const expiresAt = clock.now() + 60_000;
    expect(await store.claim('a', expiresAt)).toBe(true);
    expect(await store.claim('a', expiresAt)).toBe(false);
    expect(await store.claim('b', expiresAt)).toBe(true);
    clock.advance(61);
    expect(await store.claim('c', clock.now() + 60_000)).toBe(true);
    expect(store.size).toBe(1);
    expect(await store.claim('a', clock.now() + 60_000)).toBe(true);
  });

  it('is atomic: of many concurrent claims of one jti exactly one wins', async () => {
    const store = new InMemoryReplayStore();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => store.claim('same', Date.now() + 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stays bounded: sweeps expired entries, and fails closed when full of live ones', async () => {
    const clock = new ManualClock();
    const store = new InMemoryReplayStore({ clock, maxEntries: 3 });
    await store.claim('long', clock.now() + 600_000);
    await store.claim('short-1', clock.now() + 10_000);
    await store.claim('short-2', clock.now() + 10_000);
    await expect(store.claim('x', clock.now() + 10_000)).rejects.toThrow(/full/);
    expect(await store.claim('long', clock.now() + 600_000)).toBe(false);
    clock.advance(11);
    expect(await store.claim('y', clock.now() + 10_000)).toBe(true);
    expect(store.size).toBe(2);
  });

  it('rejects bad arguments with TypeError', async () => {
    const store = new InMemoryReplayStore();
    await expect(store.claim('', 1)).rejects.toThrow(TypeError);
    await expect(store.claim('a', Number.NaN)).rejects.toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ clock: {} as never })).toThrow(TypeError);
  });
});
