import type { Clock } from '@dual-auth/core';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

interface Entry {
  value: string;
  expiresAt: number;
}

/** Settings of a {@link SecretCache}. */
export interface SecretCacheOptions {
  /** How long a fetched value is served from memory; 0 turns caching off. */
  ttlMs: number;
  clock: Clock;
}

/**
 * A TTL cache of secret values with single-flight: concurrent reads of one key share one fetch.
 * Only found values are kept, so a secret created after a miss is seen on the next read.
 * Its string, JSON and inspect forms list no values.
 */
export class SecretCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<string | undefined>>();

  constructor({ ttlMs, clock }: SecretCacheOptions) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The cached value of `key`, or the result of `load` (shared with concurrent callers). */
  async get(
    key: string,
    load: () => Promise<string | undefined>,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    signal?.throwIfAborted();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > this.#clock.now()) return entry.value;
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

  async #load(key: string, load: () => Promise<string | undefined>): Promise<string | undefined> {
    try {
      const value = await load();
      if (value !== undefined && this.#ttlMs > 0) {
        this.#entries.set(key, { value, expiresAt: this.#clock.now() + this.#ttlMs });
      }
      return value;
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
