import { raceAbort } from '../adapter-kit/race-abort.js';
import { type Sleep, timerSleep } from '../adapter-kit/sleep.js';
import { requireValue } from '../config/check-option.js';
import { requireObject } from '../config/require-argument.js';
import type { Clock } from '../contracts/clock.js';
import { defineInspect } from '../redaction/define-inspect.js';

/** How long a found value is served from memory unless a backend is told otherwise: 5 minutes. */
export const DEFAULT_SECRET_CACHE_TTL_MS = 300_000;

/** How long one fetch from a store may take unless the backend or its caller says otherwise: 30 s. */
export const DEFAULT_SECRET_LOAD_TIMEOUT_MS = 30_000;

/**
 * What one fetch from a store found: a value, or why there is none. A miss is an answer, not a
 * failure, so `getSecret(key, { required: false })` can resolve `undefined` for it alone; `cause`
 * keeps the store's own "not found" error for the message of the error a required read throws.
 */
export type SecretLookup =
  | { readonly found: true; readonly value: string }
  | { readonly found: false; readonly reason: 'not-found' | 'empty'; readonly cause?: unknown };

/** A {@link SecretLookup} that found nothing. */
export type SecretMiss = Extract<SecretLookup, { found: false }>;

/** Settings of a {@link SecretCache}. */
export interface SecretCacheOptions {
  /** How long a found value is served from memory, in ms; 0 turns caching off. Default 5 min. */
  readonly ttlMs?: number | undefined;
  /**
   * How long one fetch may take, in ms (100 to 2^31-1). A fetch still running then fails its
   * callers with the error `get`'s `timeoutError` makes, and the next read starts a new fetch
   * instead of waiting on the stalled one. Default 30 000.
   */
  readonly loadTimeoutMs?: number | undefined;
  /** Time source of the expiry. */
  readonly clock: Clock;
  /** Waits out `loadTimeoutMs`; injectable so tests control time. Default `setTimeout`. */
  readonly sleep?: Sleep | undefined;
}

/** The error a fetch past its deadline fails with when `get` is given no `timeoutError`. */
function loadTimedOut(loadTimeoutMs: number): Error {
  return new DOMException(
    `The secret fetch did not finish within ${loadTimeoutMs} ms.`,
    'TimeoutError',
  );
}

interface Entry {
  readonly lookup: SecretLookup;
  readonly expiresAt: number;
}

/**
 * A TTL cache of secret lookups with single-flight: concurrent reads of one key share one fetch,
 * which has a deadline (`loadTimeoutMs`), so a stalled store cannot hold every later read of the
 * key. Only found values are kept (a secret created after a miss is seen on the next read) and
 * failures are not kept. Its string, JSON and inspect forms show the number of entries, never a value.
 *
 * @example
 * ```ts
 * import { SecretCache } from '@dual-auth/core/secrets-kit';
 *
 * const cache = new SecretCache({ ttlMs: 60_000, clock: { now: () => Date.now() } });
 * const lookup = await cache.get('AGENT_CLIENT_SECRET', async () => ({ found: true, value: 's' }));
 * ```
 */
export class SecretCache {
  readonly #ttlMs: number;
  readonly #loadTimeoutMs: number;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<SecretLookup>>();
  // Bumped by clear(): a fetch begun before it neither fills the cache nor serves later reads.
  #generation = 0;

  /**
   * @throws TypeError when `options` is not an object (or cannot be read), `clock` not a Clock,
   *   `ttlMs` not a finite number >= 0, `loadTimeoutMs` not a timeout in ms or `sleep` not a
   *   function.
   */
  constructor(options: SecretCacheOptions) {
    const {
      ttlMs = DEFAULT_SECRET_CACHE_TTL_MS,
      loadTimeoutMs = DEFAULT_SECRET_LOAD_TIMEOUT_MS,
      clock,
      sleep = timerSleep,
    } = requireObject(options, 'options');
    this.#ttlMs = requireValue(ttlMs, 'options.ttlMs', 'number');
    this.#loadTimeoutMs = requireValue(loadTimeoutMs, 'options.loadTimeoutMs', 'timeoutMs');
    this.#clock = requireValue(clock, 'options.clock', 'clock');
    this.#sleep = requireValue(sleep, 'options.sleep', 'function') as Sleep;
    defineInspect(this, () => this.toString());
  }

  /**
   * The cached lookup of `key`, or the result of `load`, shared with concurrent callers. An
   * aborted `signal` rejects this caller's wait with its reason; the shared fetch keeps running
   * for the others.
   *
   * @param timeoutError - Makes the error of a fetch past `loadTimeoutMs` (given that many ms);
   *   the first caller's is used for a shared fetch. Default a `DOMException` named `TimeoutError`.
   * @throws what `load` throws; `timeoutError(loadTimeoutMs)` when it has not settled by then.
   */
  get(
    key: string,
    load: () => Promise<SecretLookup>,
    signal?: AbortSignal,
    timeoutError: (loadTimeoutMs: number) => Error = loadTimedOut,
  ): Promise<SecretLookup> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > this.#clock.now()) {
      return Promise.resolve(entry.lookup);
    }
    let pending = this.#inflight.get(key);
    if (pending === undefined) {
      pending = this.#load(key, load, timeoutError);
      this.#inflight.set(key, pending);
    }
    return signal === undefined ? pending : raceAbort(pending, signal);
  }

  /**
   * Forgets every value, so the next reads go to the store (after a rotation). A fetch still in
   * flight answers its own callers but is neither kept nor shared with later reads.
   */
  clear(): void {
    this.#entries.clear();
    this.#inflight.clear();
    this.#generation += 1;
  }

  async #load(
    key: string,
    load: () => Promise<SecretLookup>,
    timeoutError: (loadTimeoutMs: number) => Error,
  ): Promise<SecretLookup> {
    const generation = this.#generation;
    const settled = new AbortController();
    try {
      const lookup = await Promise.race([load(), this.#deadline(settled.signal, timeoutError)]);
      if (lookup.found && this.#ttlMs > 0 && generation === this.#generation) {
        this.#entries.set(key, { lookup, expiresAt: this.#clock.now() + this.#ttlMs });
      }
      return lookup;
    } finally {
      settled.abort();
      if (generation === this.#generation) this.#inflight.delete(key);
    }
  }

  // Rejects at the deadline; a fetch that settles first aborts `settled`, which stops the timer.
  async #deadline(
    settled: AbortSignal,
    timeoutError: (loadTimeoutMs: number) => Error,
  ): Promise<never> {
    await this.#sleep(this.#loadTimeoutMs, settled);
    throw timeoutError(this.#loadTimeoutMs);
  }

  toString(): string {
    return `SecretCache { size: ${this.#entries.size} }`;
  }

  toJSON(): Record<string, unknown> {
    return { size: this.#entries.size };
  }
}
