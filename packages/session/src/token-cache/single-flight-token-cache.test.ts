import {
  createDualSubjectToken,
  type DualSubjectToken,
  setTelemetryApi,
  type TokenCacheKey,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, recordingLogger } from '../../test/counting-adapter.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
import { SingleFlightTokenCache } from './single-flight-token-cache.js';

function key(sub: string, scope: string[] = ['finance.read']): TokenCacheKey {
  return { adapterId: 'kc|https://idp/token|agent', agentId: 'agent', sub, scope, audience: 'api' };
}

function setup(options: { margin?: number; maxEntries?: number } = {}) {
  const clock = new ManualClock();
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const logger = recordingLogger();
  const store = new InMemoryTokenCache({ clock, maxEntries: options.maxEntries ?? 1000, logger });
  const cache = new SingleFlightTokenCache({
    clock,
    refreshMarginSeconds: options.margin ?? 30,
    store,
  });
  const get = (sub: string, signal?: AbortSignal, scope?: string[]) =>
    cache.getOrRequest(
      key(sub, scope),
      (flightSignal) =>
        adapter.requestToken({
          agentId: 'agent',
          act: { sub },
          scope: scope ?? ['finance.read'],
          signal: flightSignal,
        }),
      { signal },
    );
  return { clock, adapter, cache, store, logger, get };
}

describe('SingleFlightTokenCache', () => {
  it('1 000 concurrent identical requests make exactly 1 IdP request', async () => {
    const { adapter, get } = setup();
    adapter.hold();
    const pending = Array.from({ length: 1000 }, () => get('alice'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    adapter.release();
    const tokens = await Promise.all(pending);
    expect(adapter.calls).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    await get('alice');
    expect(adapter.calls).toBe(1);
  });

  it('answers a warm hit from a store with peek at once: settled within two microtask turns and counted as a hit', async () => {
    const { adapter, cache, get } = setup();
    const first = await get('alice');
    let served: DualSubjectToken | undefined;
    void get('alice').then((token) => {
      served = token;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(served).toBe(first);
    expect(adapter.calls).toBe(1);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, coalesced: 0 });
  });

  it('answers a warm hit at the first telemetry look-up at once too: a hit started before invalidate(sub) never hands out the dropped token after it resolved', async () => {
    const { cache, get } = setup();
    const dropped = await get('alice');
    // The next span looks @opentelemetry/api up again, as the first one after start-up does.
    setTelemetryApi(undefined);
    const order: string[] = [];
    const hit = get('alice').then((token) => {
      order.push(token === dropped ? 'hit: the dropped token' : 'hit: a new token');
    });
    await cache.invalidate('alice');
    order.push('invalidate resolved');
    await hit;
    // Guarantee: once invalidate(sub) resolved, no lookup settles with a token it dropped.
    expect(order).toEqual(['hit: the dropped token', 'invalidate resolved']);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, coalesced: 0 });
  });

  it('never serves one human the token of another', async () => {
    const { adapter, get } = setup();
    const [alice, bob] = await Promise.all([get('alice'), get('bob')]);
    expect(adapter.calls).toBe(2);
    expect(alice.accessToken).toContain(':alice:');
    expect(bob.accessToken).toContain(':bob:');
    expect((await get('bob')).accessToken).toBe(bob.accessToken);
  });

  it('keys on sorted scopes: the same set in another order shares, another set does not', async () => {
    const { adapter, get } = setup();
    await get('alice', undefined, ['b', 'a']);
    await get('alice', undefined, ['a', 'b']);
    expect(adapter.calls).toBe(1);
    await get('alice', undefined, ['a']);
    expect(adapter.calls).toBe(2);
  });

  it('serves a token until the refresh margin before expiry, then asks again', async () => {
    const { adapter, clock, get } = setup({ margin: 30 });
    const first = await get('alice');
    clock.advance(300 - 31);
    expect((await get('alice')).accessToken).toBe(first.accessToken);
    clock.advance(1);
    expect((await get('alice')).accessToken).not.toBe(first.accessToken);
    expect(adapter.calls).toBe(2);
  });

  it('reuses a token that lives less than the margin for most of its life: the margin is at most a quarter of it', async () => {
    const { adapter, clock, get } = setup({ margin: 30 });
    adapter.expiresIn = 20;
    // 50 calls over the 20 s the token lives: served until 5 s before it expires, then renewed.
    for (let i = 0; i < 50; i += 1) {
      await get('alice');
      clock.advance(0.4);
    }
    expect(adapter.calls).toBe(2);
  });

  it('does not cache a failure, and every waiter gets it; the next call asks again', async () => {
    const { adapter, get } = setup();
    adapter.failWith = new Error('idp down');
    adapter.hold();
    const waiters = Array.from({ length: 10 }, () => get('alice'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    adapter.release();
    const results = await Promise.allSettled(waiters);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(adapter.calls).toBe(1);
    adapter.failWith = undefined;
    await expect(get('alice')).resolves.toBeDefined();
    expect(adapter.calls).toBe(2);
  });

  it("one caller's abort does not cancel the others; the last abort cancels the request", async () => {
    const { adapter, get } = setup();
    adapter.hold();
    const quitter = new AbortController();
    const a = get('alice', quitter.signal);
    const b = get('alice');
    await new Promise((resolve) => setTimeout(resolve, 0));
    quitter.abort(new Error('user left'));
    await expect(a).rejects.toThrow('user left');
    adapter.release();
    await expect(b).resolves.toBeDefined();
    expect(adapter.calls).toBe(1);

    adapter.hold();
    const only = new AbortController();
    const c = get('carol', only.signal);
    await new Promise((resolve) => setTimeout(resolve, 0));
    only.abort(new Error('gone'));
    await expect(c).rejects.toThrow('gone');
    expect(adapter.requests.at(-1)?.signal?.aborted).toBe(true);
    adapter.release();
    await expect(get('carol')).resolves.toBeDefined();
    expect(adapter.calls).toBe(3);
  });

  it('invalidate(sub) forgets that human only, including a request under way', async () => {
    const { adapter, cache, get } = setup();
    await get('alice');
    await get('bob');
    expect(await cache.invalidate('alice')).toBe(1);
    await get('bob');
    expect(adapter.calls).toBe(2);
    adapter.hold();
    const inFlight = get('alice');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await cache.invalidate('alice');
    adapter.release();
    await inFlight;
    await get('alice');
    expect(adapter.calls).toBe(4);
  });

  it('is bounded: the least recently used token goes first', async () => {
    const { adapter, get } = setup({ maxEntries: 2 });
    await get('a');
    await get('b');
    await get('a');
    await get('c');
    await get('a');
    expect(adapter.calls).toBe(3);
    await get('b');
    expect(adapter.calls).toBe(4);
  });

  it('counts hits, misses and evictions, and logs once when fresh tokens are evicted (undersized)', async () => {
    const { adapter, cache, store, logger, get } = setup({ maxEntries: 100 });
    // 2 000 calls over 200 humans in turn: twice as many active humans as entries.
    for (let i = 0; i < 2000; i += 1) await get(`human-${i % 200}`);
    expect(adapter.calls).toBe(2000);
    expect(cache.stats()).toEqual({ hits: 0, misses: 2000, coalesced: 0 });
    expect(store.stats()).toEqual({
      size: 100,
      maxEntries: 100,
      evictions: 1900,
      freshEvictions: 1900,
      invalidations: 0,
    });
    const warnings = logger.events.filter((e) => e.event === 'token_cache_evicting_fresh');
    expect(warnings).toEqual([
      { level: 'warn', event: 'token_cache_evicting_fresh', fields: { max_entries: 100 } },
    ]);

    const sized = setup({ maxEntries: 200 });
    for (let i = 0; i < 2000; i += 1) await sized.get(`human-${i % 200}`);
    expect(sized.adapter.calls).toBe(200);
    expect(sized.cache.stats()).toEqual({ hits: 1800, misses: 200, coalesced: 0 });
    expect(sized.store.stats()).toMatchObject({ evictions: 0, freshEvictions: 0 });
    expect(sized.logger.events.map((e) => e.event)).not.toContain('token_cache_evicting_fresh');
  });

  it('counts requests that joined one under way as coalesced, and evictions of expired tokens as not fresh', async () => {
    const { adapter, cache, clock, store, get } = setup({ maxEntries: 1 });
    adapter.hold();
    const both = Promise.all([get('a'), get('a')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    adapter.release();
    await both;
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, coalesced: 1 });
    clock.advance(301);
    await get('b');
    expect(store.stats()).toMatchObject({ evictions: 1, freshEvictions: 0 });
  });

  it('keeps working when the store fails, and logs only the error class', async () => {
    const logger = recordingLogger();
    const failing = {
      get: async (): Promise<DualSubjectToken | undefined> => {
        throw new Error('redis: secret-password rejected');
      },
      set: async () => {
        throw new Error('redis down');
      },
      invalidate: async () => 0,
    };
    const cache = new SingleFlightTokenCache({ store: failing, logger });
    const token = await cache.getOrRequest(key('alice'), async () =>
      createDualSubjectToken({
        accessToken: 'at',
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 's',
        issuedAt: Date.now(),
      }),
    );
    expect(token.accessToken).toBe('at');
    expect(logger.events.filter((e) => e.event === 'token_cache_error')).toHaveLength(2);
    expect(JSON.stringify(logger.events)).not.toContain('secret-password');
  });

  it('rejects bad options with TypeError', () => {
    expect(() => new SingleFlightTokenCache({ refreshMarginSeconds: -1 })).toThrow(TypeError);
    expect(() => new SingleFlightTokenCache({ store: 'redis' as never })).toThrow(TypeError);
    // A store without the TokenCache methods would fail every call, silently caching nothing.
    expect(() => new SingleFlightTokenCache({ store: {} as never })).toThrow(
      /store must be a TokenCache with get, set and invalidate/,
    );
    expect(() => new InMemoryTokenCache({ maxEntries: 1.5 })).toThrow(TypeError);
  });
});
