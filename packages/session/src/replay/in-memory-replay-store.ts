import { type Clock, type ReplayStore, systemClock } from '@dual-auth/core';
import { checkClock, checkOptionsObject, positiveInteger } from '../check-option.js';

/** What {@link InMemoryReplayStore} takes. */
export interface InMemoryReplayStoreOptions {
  /** Most `jti`s remembered at once. Default 100 000. */
  maxEntries?: number | undefined;
  clock?: Clock | undefined;
}

/**
 * The default {@link ReplayStore}: `jti`s in memory until they expire, bounded in size. When it is
 * full of unexpired entries it fails closed (the claim throws, so the token is refused) rather than
 * forget a `jti` that could then be replayed. One process only: several instances need a shared
 * store (Redis).
 *
 * @example
 * const replayStore = new InMemoryReplayStore({ maxEntries: 10_000 });
 * await replayStore.claim(jti, exp * 1000); // true the first time, false after
 */
export class InMemoryReplayStore implements ReplayStore {
  readonly #maxEntries: number;
  readonly #clock: Clock;
  // Insertion order is close to expiry order (lifetimes are capped), so sweeping from the front works.
  readonly #expiries = new Map<string, number>();

  constructor(options: InMemoryReplayStoreOptions = {}) {
    checkOptionsObject(options, 'InMemoryReplayStore');
    checkClock(options.clock, 'InMemoryReplayStore: clock');
    this.#maxEntries = positiveInteger(
      options.maxEntries,
      'InMemoryReplayStore: maxEntries',
      100_000,
    );
    this.#clock = options.clock ?? systemClock;
  }

  /** How many `jti`s are remembered now, expired ones not yet swept included. */
  get size(): number {
    return this.#expiries.size;
  }

  /**
   * Resolves true when `jti` is new (and remembers it until `expiresAt`), false on a replay.
   *
   * @throws TypeError on a non-string `jti` or non-finite `expiresAt`.
   * @throws Error when the store is full of unexpired entries.
   */
  async claim(jti: string, expiresAt: number): Promise<boolean> {
    if (typeof jti !== 'string' || jti === '')
      throw new TypeError('jti must be a non-empty string');
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('expiresAt must be a finite number of milliseconds');
    }
    const now = this.#clock.now();
    this.#sweep(now);
    const known = this.#expiries.get(jti);
    if (known !== undefined && known > now) return false;
    if (known === undefined && this.#expiries.size >= this.#maxEntries) this.#sweep(now, true);
    if (known === undefined && this.#expiries.size >= this.#maxEntries) {
      throw new Error(
        `Replay store is full (${this.#maxEntries} unexpired jti); refusing the token`,
      );
    }
    this.#expiries.delete(jti);
    this.#expiries.set(jti, expiresAt);
    return true;
  }

  #sweep(now: number, everything = false): void {
    for (const [jti, expiresAt] of this.#expiries) {
      if (expiresAt <= now) this.#expiries.delete(jti);
      else if (!everything) break;
    }
  }
}
