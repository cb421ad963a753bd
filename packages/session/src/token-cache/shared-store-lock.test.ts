import type {
  DualSubjectToken,
  TokenCache,
  TokenCacheKey,
  TokenCacheLock,
  TokenCacheLockOptions,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, recordingLogger } from '../../test/counting-adapter.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
import { SingleFlightTokenCache } from './single-flight-token-cache.js';

/**
 * One store shared by several "instances" (several SingleFlightTokenCache objects), with the
 * optional lock of the TokenCache contract done in memory: what a Redis store does across
 * processes, here within one, so the session's side of the contract is tested on its own.
 */
class SharedLockingStore implements TokenCache {
  readonly memory: InMemoryTokenCache;
  lockFailure: Error | undefined;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(clock: ManualClock) {
    this.memory = new InMemoryTokenCache({ clock });
  }

  get(key: TokenCacheKey): Promise<DualSubjectToken | undefined> {
    return this.memory.get(key);
  }

  set(key: TokenCacheKey, token: DualSubjectToken): Promise<void> {
    return this.memory.set(key, token);
  }

  invalidate(sub: string): Promise<number> {
    return this.memory.invalidate(sub);
  }

  async lock(key: TokenCacheKey, options: TokenCacheLockOptions = {}): Promise<TokenCacheLock> {
    if (this.lockFailure !== undefined) throw this.lockFailure;
    const id = JSON.stringify([key.agentId, key.sub, [...key.scope].sort(), key.audience]);
    const previous = this.#tails.get(id) ?? Promise.resolve();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#tails.set(
      id,
      previous.then(() => held),
    );
    await Promise.race([
      previous,
      new Promise((_, reject) => {
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason));
      }),
    ]);
    return { release: async () => release() };
  }
}

function setup(instances: number) {
  const clock = new ManualClock();
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const store = new SharedLockingStore(clock);
  const logger = recordingLogger();
  const caches = Array.from(
    { length: instances },
    () => new SingleFlightTokenCache({ clock, store, logger }),
  );
  const key: TokenCacheKey = {
    adapterId: adapter.id,
    agentId: 'agent',
    sub: 'alice',
    scope: ['finance.read'],
    audience: 'api',
  };
  const get = (cache: SingleFlightTokenCache, options = {}) =>
    cache.getOrRequest(
      key,
      (signal) =>
        adapter.requestToken({ agentId: 'agent', act: { sub: 'alice' }, scope: key.scope, signal }),
      options,
    );
  return { adapter, store, logger, caches, key, get };
}

describe('SingleFlightTokenCache over a store that locks (several instances)', () => {
  it('4 instances × 50 concurrent identical requests make 1 IdP request between them', async () => {
    const { adapter, caches, get } = setup(4);
    adapter.hold();
    const pending = caches.flatMap((cache) => Array.from({ length: 50 }, () => get(cache)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    adapter.release();
    const tokens = await Promise.all(pending);
    expect(adapter.calls).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    const stats = caches.map((cache) => cache.stats());
    const sum = (name: 'hits' | 'misses' | 'coalesced') =>
      stats.reduce((total, s) => total + s[name], 0);
    // One flight per instance: one asked the IdP, three read its token under the lock.
    expect([sum('misses'), sum('hits'), sum('coalesced')]).toEqual([1, 3, 196]);
  });

  it('a forced refresh under the lock asks the IdP although the store holds a token', async () => {
    const { adapter, caches, get } = setup(2);
    const [first, second] = caches as [SingleFlightTokenCache, SingleFlightTokenCache];
    const refused = await get(first);
    const renewed = await get(second, { forceRefresh: true });
    expect(adapter.calls).toBe(2);
    expect(renewed.accessToken).not.toBe(refused.accessToken);
    expect((await get(first)).accessToken).toBe(renewed.accessToken);
  });

  it('a lock that cannot be had costs a direct IdP request, logged by class, never the call', async () => {
    const { adapter, store, logger, caches, get } = setup(1);
    store.lockFailure = new Error('redis: secret-password rejected');
    const token = await get(caches[0] as SingleFlightTokenCache);
    expect(token.accessToken).toContain(':alice:');
    expect(adapter.calls).toBe(1);
    expect(logger.events).toContainEqual({
      level: 'warn',
      event: 'token_cache_error',
      fields: { operation: 'lock', error_type: 'Error' },
    });
    expect(JSON.stringify(logger.events)).not.toContain('secret-password');
  });

  it("a caller's abort while its flight waits for the lock rejects and requests nothing", async () => {
    const { adapter, store, caches, key, get } = setup(2);
    const held = await store.lock(key);
    const quitter = new AbortController();
    const waiting = get(caches[0] as SingleFlightTokenCache, { signal: quitter.signal });
    await new Promise((resolve) => setTimeout(resolve, 0));
    quitter.abort(new Error('user left'));
    await expect(waiting).rejects.toThrow('user left');
    await held.release();
    expect(adapter.calls).toBe(0);
  });

  it("a joiner of a request its starter's recheckAfterLock refused asks on its own check", async () => {
    const { adapter, store, caches, key, get } = setup(1);
    const cache = caches[0] as SingleFlightTokenCache;
    const held = await store.lock(key);
    const ended = new Error('the starter delegation ended');
    let checks = 0;
    const starter = get(cache, {
      recheckAfterLock: async () => {
        checks += 1;
        throw ended;
      },
    });
    const joiner = get(cache, {
      recheckAfterLock: async () => {
        checks += 1;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cache.stats().coalesced).toBe(1);
    await held.release();
    await expect(starter).rejects.toBe(ended);
    expect((await joiner).accessToken).toContain(':alice:');
    expect({ idpCalls: adapter.calls, checks }).toEqual({ idpCalls: 1, checks: 2 });
  });
});
