import {
  ReplayStoreFullError as CoreReplayStoreFullError,
  InMemoryReplayStore,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, ReplayStoreFullError } from './index.js';

// The store itself is tested in @dual-auth/core; this checks the names kept for existing imports.
describe('createMemoryReplayStore (deprecated alias)', () => {
  it("is core's InMemoryReplayStore, with core's ReplayStoreFullError", async () => {
    let now = 0;
    const store = createMemoryReplayStore({ maxEntries: 1, clock: { now: () => now } });
    expect(store).toBeInstanceOf(InMemoryReplayStore);
    expect(ReplayStoreFullError).toBe(CoreReplayStoreFullError);
    expect(await store.claim('a', 100)).toBe(true);
    expect(await store.claim('a', 100)).toBe(false);
    // Full: 'a' is forgotten to make room for 'b', and its replay cannot be told apart.
    expect(await store.claim('b', 100)).toBe(true);
    await expect(store.claim('a', 100)).rejects.toThrow(ReplayStoreFullError);
    now = 100;
    expect(await store.claim('b', 200)).toBe(true);
  });

  it('wrong options → TypeError', () => {
    expect(() => createMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
  });
});
