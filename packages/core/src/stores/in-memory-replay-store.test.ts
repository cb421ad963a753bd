import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InMemoryReplayStore } from './in-memory-replay-store.js';
import { ReplayStoreFullError } from './replay-store-full-error.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('InMemoryReplayStore: single use', () => {
  it('claims a jti once until it expires, then forgets it', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock });
    const expiresAt = clock.now() + 60_000;
    expect(await store.claim('a', expiresAt)).toBe(true);
    expect(await store.claim('a', expiresAt)).toBe(false);
    expect(await store.claim('b', expiresAt)).toBe(true);
    clock.advance(60_001);
    expect(await store.claim('c', clock.now() + 60_000)).toBe(true);
    expect(store.size).toBe(1);
    expect(await store.claim('a', clock.now() + 60_000)).toBe(true);
  });

  it('an entry expires exactly at expiresAt', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock });
    await store.claim('j', clock.now() + 1000);
    clock.advance(999);
    expect(await store.claim('j', clock.now() + 1000)).toBe(false);
    clock.advance(1);
    expect(await store.claim('j', clock.now() + 1000)).toBe(true);
  });

  it('is atomic: of many concurrent claims of one jti exactly one wins', async () => {
    const store = new InMemoryReplayStore();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => store.claim('same', Date.now() + 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('InMemoryReplayStore: bindings', () => {
  it('the same binding may claim again; another binding, or none, is a replay', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock });
    const exp = clock.now() + 300_000;
    expect(await store.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(await store.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(await store.claim('assertion', exp, { binding: 'digest-2' })).toBe(false);
    expect(await store.claim('assertion', exp)).toBe(false);
    expect(await store.claim('assertion', exp, {})).toBe(false);
    expect(await store.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(store.size).toBe(1);
  });

  it('an unbound first claim cannot be followed by a bound one', async () => {
    const store = new InMemoryReplayStore();
    const exp = Date.now() + 60_000;
    expect(await store.claim('j', exp)).toBe(true);
    expect(await store.claim('j', exp, { binding: 'digest-1' })).toBe(false);
  });

  it('a repeated bound claim keeps the first expiry: it cannot extend the lifetime', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock });
    await store.claim('j', clock.now() + 1000, { binding: 'd' });
    expect(await store.claim('j', clock.now() + 900_000, { binding: 'd' })).toBe(true);
    clock.advance(1000);
    expect(await store.claim('j', clock.now() + 1000, { binding: 'other' })).toBe(true);
  });

  it('concurrent claims with two bindings: only the first binding ever wins', async () => {
    const store = new InMemoryReplayStore();
    const exp = Date.now() + 60_000;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.claim('j', exp, { binding: i % 2 === 0 ? 'even' : 'odd' }),
      ),
    );
    expect(results.filter((won, i) => won && i % 2 === 0)).toHaveLength(10);
    expect(results.filter((won, i) => won && i % 2 === 1)).toHaveLength(0);
  });
});

describe('InMemoryReplayStore: bounded', () => {
  it('sweeps expired entries, and fails closed when full of live ones', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock, maxEntries: 3 });
    await store.claim('long', clock.now() + 600_000);
    await store.claim('short-1', clock.now() + 10_000);
    await store.claim('short-2', clock.now() + 10_000);
    const full = await store.claim('x', clock.now() + 10_000).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(ReplayStoreFullError);
    expect(ReplayStoreFullError.isInstance(full)).toBe(true);
    expect(full).toMatchObject({ name: 'ReplayStoreFullError', maxEntries: 3 });
    expect(String(full)).toMatch(/full \(3 unexpired jti\)/);
    expect(await store.claim('long', clock.now() + 600_000)).toBe(false);
    clock.advance(10_001);
    expect(await store.claim('y', clock.now() + 10_000)).toBe(true);
    expect(store.size).toBe(2);
  });

  it('a known live jti is still answered (false) when the store is full', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock, maxEntries: 1 });
    await store.claim('a', clock.now() + 1000, { binding: 'd' });
    expect(await store.claim('a', clock.now() + 1000)).toBe(false);
    expect(await store.claim('a', clock.now() + 1000, { binding: 'd' })).toBe(true);
  });

  it('stays small under a stream of short-lived jtis without ever filling up', async () => {
    const clock = manualClock();
    const store = new InMemoryReplayStore({ clock, maxEntries: 50 });
    for (let i = 0; i < 5000; i++) {
      expect(await store.claim(`j-${i}`, clock.now() + 100)).toBe(true);
      clock.advance(10);
    }
    expect(store.size).toBeLessThanOrEqual(50);
  });

  it('the full error holds no jti or binding', async () => {
    const store = new InMemoryReplayStore({ maxEntries: 1 });
    await store.claim('secret-jti-1', Date.now() + 60_000, { binding: 'digest-abc' });
    const error = await store
      .claim('secret-jti-2', Date.now() + 60_000, { binding: 'digest-xyz' })
      .catch((e: unknown) => e);
    for (const shown of [String(error), JSON.stringify(error), inspect(error)]) {
      expect(shown).not.toMatch(/secret-jti|digest-/);
    }
  });
});

describe('InMemoryReplayStore: wrong arguments', () => {
  it('rejects bad claims with TypeError', async () => {
    const store = new InMemoryReplayStore();
    await expect(store.claim('', 1)).rejects.toThrow(TypeError);
    await expect(store.claim(42 as never, 1)).rejects.toThrow(TypeError);
    await expect(store.claim('a', Number.NaN)).rejects.toThrow(TypeError);
    await expect(store.claim('a', '1' as never)).rejects.toThrow(TypeError);
    await expect(store.claim('a', 1, null as never)).rejects.toThrow(TypeError);
    await expect(store.claim('a', 1, { binding: '' })).rejects.toThrow(/binding/);
    await expect(store.claim('a', 1, { binding: 7 as never })).rejects.toThrow(TypeError);
  });

  it('rejects bad options with TypeError', () => {
    expect(() => new InMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ maxEntries: 1.5 })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ maxEntries: '10' as never })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ clock: {} as never })).toThrow(/clock/);
    expect(() => new InMemoryReplayStore(null as never)).toThrow(TypeError);
  });
});
