import { createDualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';

const key = { adapterId: 'kc', agentId: 'agent', sub: 'u-1', scope: ['s'], audience: 'api' };

/** A token of an hour, issued (its request started) at `issuedAt`, ms since the epoch. */
const issued = (issuedAt: number) =>
  createDualSubjectToken({
    accessToken: `at-${issuedAt}`,
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 's',
    issuedAt,
  });

describe('InMemoryTokenCache', () => {
  it('get never returns an expired token; peek returns what is stored and leaves expiry to its caller', async () => {
    const clock = new ManualClock();
    const store = new InMemoryTokenCache({ clock });
    const token = createDualSubjectToken({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 60,
      scope: 's',
      issuedAt: clock.now(),
    });
    await store.set(key, token);
    expect(store.peek({ ...key, scope: ['s'] })).toBe(token);
    expect(await store.get(key)).toBe(token);
    clock.advance(60);
    expect(store.peek(key)).toBe(token);
    expect(await store.get(key)).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.peek(key)).toBeUndefined();
  });

  it('forgets a human on invalidate, and keeps the others', async () => {
    const store = new InMemoryTokenCache();
    const token = createDualSubjectToken({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 60,
      scope: 's',
      issuedAt: Date.now(),
    });
    await store.set(key, token);
    await store.set({ ...key, scope: ['s', 't'] }, token);
    await store.set({ ...key, sub: 'u-2' }, token);
    expect(await store.invalidate('u-1')).toBe(2);
    expect(store.size).toBe(1);
    expect(await store.get({ ...key, sub: 'u-2' })).toBe(token);
    expect(await store.get(key)).toBeUndefined();
  });

  it("does not store a token issued at or before the human's last invalidate; a later one it does", async () => {
    const clock = new ManualClock();
    const store = new InMemoryTokenCache({ clock });
    const invalidatedAt = clock.now();
    await store.invalidate('u-1');
    clock.advance(1);
    for (const issuedAt of [invalidatedAt - 1, invalidatedAt]) {
      await store.set(key, issued(issuedAt));
      expect(store.peek(key)).toBeUndefined();
    }
    await store.set({ ...key, sub: 'u-2' }, issued(invalidatedAt - 1));
    expect(store.size).toBe(1);
    await store.set(key, issued(invalidatedAt + 1));
    expect(store.peek(key)?.accessToken).toBe(`at-${invalidatedAt + 1}`);
    // Remembered for 24 h (the longest default token lifetime); forgotten at a later invalidate.
    clock.advance(86_400);
    await store.invalidate('u-2');
    await store.set(key, issued(invalidatedAt - 1));
    expect(store.peek(key)?.accessToken).toBe(`at-${invalidatedAt - 1}`);
  });

  it('remembers the invalidations of maxEntries humans at most; past them it fails closed, storing no token issued up to the oldest dropped', async () => {
    const clock = new ManualClock();
    const store = new InMemoryTokenCache({ clock, maxEntries: 2 });
    const firstAt = clock.now();
    for (const human of ['u-1', 'u-2', 'u-3', 'u-4']) {
      await store.invalidate(human);
      clock.advance(1);
    }
    expect(store.stats().invalidations).toBe(2);
    // u-1's and u-2's records went: no human's token from a request started by then is kept.
    for (const sub of ['u-1', 'u-9']) {
      await store.set({ ...key, sub }, issued(firstAt + 1_000));
      expect(store.peek({ ...key, sub })).toBeUndefined();
    }
    await store.set({ ...key, sub: 'u-9' }, issued(firstAt + 1_001));
    expect(store.peek({ ...key, sub: 'u-9' })?.accessToken).toBe(`at-${firstAt + 1_001}`);
    // u-4's own record still stands.
    await store.set({ ...key, sub: 'u-4' }, issued(firstAt + 3_000));
    expect(store.peek({ ...key, sub: 'u-4' })).toBeUndefined();
  });
});
