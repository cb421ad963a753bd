import type { Clock } from '@dual-auth/core';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What a backend's fetch found: a value, or why there is none. */
export type SecretLookup =
  | { readonly found: true; readonly value: string }
  | { readonly found: false; readonly reason: 'not-found' | 'empty' };

interface Entry {
  readonly lookup: SecretLookup;
  readonly expiresAt: number;
}

/** Settings of a {@link SecretCache}. */
export interface SecretCacheOptions {
  /** How long a found value is served from memory, in milliseconds; 0 turns caching off. */
  readonly ttlMs: number;
  readonly clock: Clock;
}

/**
 * A TTL cache of secret values with single-flight: concurrent reads of one key share one fetch.
 * Only found values are kept (a secret created after a miss is seen on the next read) and
 * failures are not kept. Its string, JSON and inspect forms show no values.
 */
export class SecretCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<SecretLookup>>();

  constructor({ ttlMs, clock }: SecretCacheOptions) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The cached lookup of `key`, or the result of `load`, shared with concurrent callers. */
  get(key: string, load: () => Promise<SecretLookup>, signal?: AbortSignal): Promise<SecretLookup> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > this.#clock.now()) {
      return Promise.resolve(entry.lookup);
    }
    let pending = this.#inflight.get(key);
    if (pending === undefined) {
      pending = this.#load(key, load);
      this.#inflight.set(key, pending);
    }
    return signal === undefined ? pending : raceAbort(pending, signal);
  }

  /** Forgets every value. */
  clear(): void {
    this.#entries.clear();
  }

  async #load(key: string, load: () => Promise<SecretLookup>): Promise<SecretLookup> {
    try {
      const lookup = await load();
      if (lookup.found && this.#ttlMs > 0) {
        this.#entries.set(key, { lookup, expiresAt: this.#clock.now() + this.#ttlMs });
      }
      return lookup;
    } finally {
      this.#inflight.delete(key);
    }
  }

  toString(): string {
    return `SecretCache { size: ${this.#entries.size} }`;
  }

  toJSON(): Record<string, unknown> {
    return { size: this.#entries.size };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

// The shared fetch keeps running for the other callers; only this caller stops waiting.
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
