import { describe, expect, it } from 'vitest';
import { defaultReplayStore } from './default-replay-store.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';

const REGISTRY = Symbol.for('dual-auth.default-replay-stores');

describe('defaultReplayStore', () => {
  it('is created at first use, then the same store for every caller of the process', async () => {
    expect((globalThis as Record<symbol, unknown>)[REGISTRY]).toBeUndefined();
    const store = defaultReplayStore();
    expect(store).toBeInstanceOf(InMemoryReplayStore);
    expect(defaultReplayStore()).toBe(store);
    const exp = Date.now() + 60_000;
    expect(await store.claim('jti-1', exp)).toBe(true);
    expect(await defaultReplayStore().claim('jti-1', exp)).toBe(false);
  });

  it('gives an injected clock its own store, shared by everyone on that clock', async () => {
    const start = Date.UTC(2026, 0, 1); // claims take epoch milliseconds of a live token
    let now = start;
    const clock = { now: () => now };
    const store = defaultReplayStore(clock);
    expect(store).not.toBe(defaultReplayStore());
    expect(defaultReplayStore(clock)).toBe(store);
    expect(await store.claim('j', start + 1000)).toBe(true);
    expect(await defaultReplayStore(clock).claim('j', start + 1000)).toBe(false);
    now = start + 1000;
    expect(await store.claim('j', start + 2000)).toBe(true);
  });
});
