import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/manual-clock.js';
import type { Sleep } from '../adapter-kit/sleep.js';
import {
  DEFAULT_SECRET_CACHE_TTL_MS,
  DEFAULT_SECRET_LOAD_TIMEOUT_MS,
  SecretCache,
  type SecretLookup,
} from './secret-cache.js';

function counting(lookup: SecretLookup): { load: () => Promise<SecretLookup>; calls(): number } {
  let calls = 0;
  return {
    load: async () => {
      calls += 1;
      return lookup;
    },
    calls: () => calls,
  };
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(e: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const found = (value: string): SecretLookup => ({ found: true, value });

/** A sleep that ends only when the test says so: `elapse()` ends every wait still running. */
function heldSleep(): {
  sleep: Sleep;
  waits: { ms: number; signal?: AbortSignal }[];
  elapse(): void;
} {
  const waits: { ms: number; signal?: AbortSignal; end: () => void }[] = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      waits.push({ ms, ...(signal === undefined ? {} : { signal }), end: resolve });
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  return {
    sleep,
    waits,
    elapse: () => {
      for (const wait of waits) if (!wait.signal?.aborted) wait.end();
    },
  };
}

const stalled = (): Promise<SecretLookup> => new Promise<SecretLookup>(() => undefined);

describe('SecretCache', () => {
  it('serves a found value from memory until the TTL passes on the injected clock', async () => {
    const clock = manualClock();
    const cache = new SecretCache({ ttlMs: 60_000, clock });
    const source = counting(found('v1'));
    await expect(cache.get('K', source.load)).resolves.toEqual(found('v1'));
    clock.advance(59_999);
    await cache.get('K', source.load);
    expect(source.calls()).toBe(1);
    clock.advance(1);
    await cache.get('K', source.load);
    expect(source.calls()).toBe(2);
  });

  it('defaults to a five-minute TTL', async () => {
    const clock = manualClock();
    const cache = new SecretCache({ clock });
    const source = counting(found('v'));
    await cache.get('K', source.load);
    clock.advance(DEFAULT_SECRET_CACHE_TTL_MS - 1);
    await cache.get('K', source.load);
    expect([DEFAULT_SECRET_CACHE_TTL_MS, source.calls()]).toEqual([300_000, 1]);
  });

  it('shares one fetch between concurrent reads of a key, not between keys', async () => {
    const cache = new SecretCache({ ttlMs: 0, clock: manualClock() });
    const gate = deferred<SecretLookup>();
    let calls = 0;
    const load = () => {
      calls += 1;
      return gate.promise;
    };
    const reads = [cache.get('A', load), cache.get('A', load), cache.get('B', load)];
    gate.resolve(found('x'));
    await expect(Promise.all(reads)).resolves.toEqual([found('x'), found('x'), found('x')]);
    expect(calls).toBe(2);
    await cache.get('A', load);
    expect(calls).toBe(3);
  });

  it('keeps neither misses nor failures, and shares a failure with the concurrent readers', async () => {
    const cache = new SecretCache({ ttlMs: 60_000, clock: manualClock() });
    const miss = counting({ found: false, reason: 'not-found', cause: new Error('gone') });
    await cache.get('K', miss.load);
    await cache.get('K', miss.load);
    expect(miss.calls()).toBe(2);
    const boom = new Error('boom');
    let failures = 0;
    const failing = async (): Promise<SecretLookup> => {
      failures += 1;
      throw boom;
    };
    const both = [cache.get('F', failing), cache.get('F', failing)];
    await expect(Promise.all(both)).rejects.toBe(boom);
    await expect(cache.get('F', async () => found('ok'))).resolves.toEqual(found('ok'));
    expect(failures).toBe(1);
  });

  it('ttlMs 0 turns caching off; clear() forgets', async () => {
    const off = new SecretCache({ ttlMs: 0, clock: manualClock() });
    const source = counting(found('v'));
    await off.get('K', source.load);
    await off.get('K', source.load);
    expect(source.calls()).toBe(2);
    const on = new SecretCache({ ttlMs: 1_000, clock: manualClock() });
    await on.get('K', source.load);
    on.clear();
    await on.get('K', source.load);
    expect(source.calls()).toBe(4);
  });

  it('an aborted signal rejects only its own wait with the reason; the fetch goes on', async () => {
    const cache = new SecretCache({ ttlMs: 60_000, clock: manualClock() });
    const reason = new Error('stop');
    const load = counting(found('v')).load;
    await expect(cache.get('K', load, AbortSignal.abort(reason))).rejects.toBe(reason);
    const gate = deferred<SecretLookup>();
    const controller = new AbortController();
    const waiting = cache.get('K', () => gate.promise, controller.signal);
    const other = cache.get('K', load);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    gate.resolve(found('late'));
    await expect(other).resolves.toEqual(found('late'));
    await expect(cache.get('K', load, new AbortController().signal)).resolves.toEqual(
      found('late'),
    );
  });

  it('refuses a negative or non-finite TTL', () => {
    for (const ttlMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new SecretCache({ ttlMs, clock: manualClock() })).toThrow(TypeError);
    }
  });

  it('shows its size, never a value, through String(), JSON and inspect', async () => {
    const cache = new SecretCache({ ttlMs: 60_000, clock: manualClock() });
    await cache.get('K', async () => found('s3cr3t-cached'));
    expect(String(cache)).toBe('SecretCache { size: 1 }');
    expect(JSON.stringify(cache)).toBe('{"size":1}');
    expect(inspect(cache, { showHidden: true, depth: 9 })).toBe('SecretCache { size: 1 }');
  });

  it('clear() also forgets a fetch still in flight: its value is not kept, the next read refetches', async () => {
    const cache = new SecretCache({ clock: manualClock() });
    const before = deferred<SecretLookup>();
    const first = cache.get('K', () => before.promise);
    cache.clear();
    before.resolve(found('old-value'));
    expect(await first).toEqual(found('old-value'));
    const after = counting(found('rotated-value'));
    expect(await cache.get('K', after.load)).toEqual(found('rotated-value'));
    expect(after.calls()).toBe(1);
  });

  it('clear() during a fetch does not share that fetch with reads made after it', async () => {
    const cache = new SecretCache({ clock: manualClock() });
    const before = deferred<SecretLookup>();
    void cache.get('K', () => before.promise);
    cache.clear();
    const after = counting(found('rotated-value'));
    const second = cache.get('K', after.load);
    before.resolve(found('old-value'));
    expect(await second).toEqual(found('rotated-value'));
    expect(after.calls()).toBe(1);
  });

  it('a stalled fetch fails every waiting read at loadTimeoutMs, and the next read fetches again', async () => {
    const time = heldSleep();
    const cache = new SecretCache({
      loadTimeoutMs: 5_000,
      clock: manualClock(),
      sleep: time.sleep,
    });
    const timedOut = (ms: number) => new Error(`store stalled for ${ms} ms`);
    const first = cache.get('K', stalled, undefined, timedOut);
    const second = cache.get('K', stalled, undefined, timedOut);
    expect(time.waits.map((wait) => wait.ms)).toEqual([5_000]);
    time.elapse();
    await expect(first).rejects.toThrow('store stalled for 5000 ms');
    await expect(second).rejects.toThrow('store stalled for 5000 ms');
    const next = counting(found('after-the-stall'));
    await expect(cache.get('K', next.load)).resolves.toEqual(found('after-the-stall'));
    expect(next.calls()).toBe(1);
  });

  it('defaults to a 30 s deadline failing with a TimeoutError, and stops it when the fetch settles', async () => {
    const time = heldSleep();
    const cache = new SecretCache({ clock: manualClock(), sleep: time.sleep });
    await cache.get('A', async () => found('quick'));
    expect(time.waits[0]?.signal?.aborted).toBe(true);
    const late = cache.get('B', stalled);
    time.elapse();
    await expect(late).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'The secret fetch did not finish within 30000 ms.',
    });
    expect(time.waits.map((wait) => wait.ms)).toEqual([30_000, DEFAULT_SECRET_LOAD_TIMEOUT_MS]);
  });

  it('refuses a loadTimeoutMs that is not a whole number of ms from 100, and a sleep that is no function', () => {
    for (const loadTimeoutMs of [0, 30, -1, 1.5, Number.NaN, '30000']) {
      expect(
        () => new SecretCache({ loadTimeoutMs: loadTimeoutMs as number, clock: manualClock() }),
      ).toThrow(TypeError);
    }
    expect(
      () => new SecretCache({ clock: manualClock(), sleep: 'later' as unknown as Sleep }),
    ).toThrow('options.sleep must be a function');
  });
});
