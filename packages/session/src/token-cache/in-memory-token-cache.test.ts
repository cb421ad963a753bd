import { createDualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';

const key = { adapterId: 'kc', agentId: 'agent', sub: 'u-1', scope: ['s'], audience: 'api' };

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
    const issued = (issuedAt: number) =>
      createDualSubjectToken({
        accessToken: `at-${issuedAt}`,
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 's',
        issuedAt,
      });
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
});
