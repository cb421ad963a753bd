import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, ReplayStoreFullError } from './memory-replay-store.js';

describe('createMemoryReplayStore', () => {
  it('first claim wins, a replay loses, an expired jti may be claimed again', async () => {
    let now = 1000;
    const store = createMemoryReplayStore({ clock: { now: () => now } });
    expect(await store.claim('j1', 2000)).toBe(true);
    expect(await store.claim('j1', 2000)).toBe(false);
    now = 2000;
    expect(await store.claim('j1', 3000)).toBe(true);
  });

  it('concurrent claims of one jti: exactly one wins', async () => {
    const store = createMemoryReplayStore();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.claim('j', Date.now() + 1000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('is bounded: expired entries make room; full of live entries, it fails closed', async () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 2, clock: { now: () => now } });
    await store.claim('a', 100);
    await store.claim('b', 200);
    await expect(store.claim('c', 300)).rejects.toThrow(ReplayStoreFullError);
    expect(await store.claim('a', 100)).toBe(false);
    now = 150;
    expect(await store.claim('c', 300)).toBe(true);
  });

  it('wrong arguments → TypeError', async () => {
    expect(() => createMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
    const store = createMemoryReplayStore();
    await expect(store.claim('', 1)).rejects.toThrow(TypeError);
    await expect(store.claim('x', Number.NaN)).rejects.toThrow(TypeError);
  });
});
