import { type Clock, systemClock } from '../contracts/clock.js';
import type { ReplayClaimOptions, ReplayStore } from '../contracts/stores.js';
import { ReplayStoreFullError } from './replay-store-full-error.js';

/** What {@link InMemoryReplayStore} takes. */
export interface InMemoryReplayStoreOptions {
  /** Most `jti`s remembered at once. Default 100 000. When full of live ones, claims throw. */
  maxEntries?: number | undefined;
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

interface Entry {
  expiresAt: number;
  binding: string | undefined;
}

const DEFAULT_MAX_ENTRIES = 100_000;
// Oldest entries looked at per claim: amortised O(1) cleanup even behind a long-lived entry.
const SWEEP_STEP = 8;

/**
 * The default {@link ReplayStore}: `jti`s in memory until they expire, bounded in size. When full
 * of unexpired entries it fails closed (the claim throws {@link ReplayStoreFullError}, so the
 * token is refused) rather than forget a `jti` that could then be replayed. A claim with a
 * `binding` may be repeated with the same binding (see {@link ReplayClaimOptions}). One process
 * only: several instances need a shared store (Redis).
 *
 * @example
 * const replayStore = new InMemoryReplayStore({ maxEntries: 10_000 });
 * await replayStore.claim(jti, exp * 1000); // true the first time, false after
 * await replayStore.claim(assertionJti, exp * 1000, { binding: tokenDigest }); // true
 * await replayStore.claim(assertionJti, exp * 1000, { binding: tokenDigest }); // true: same pair
 * await replayStore.claim(assertionJti, exp * 1000, { binding: otherDigest }); // false
 */
export class InMemoryReplayStore implements ReplayStore {
  readonly #maxEntries: number;
  readonly #clock: Clock;
  // Insertion order is close to expiry order (lifetimes are capped), so sweeping from the front works.
  readonly #entries = new Map<string, Entry>();

  /** @throws TypeError on a wrong option. */
  constructor(options: InMemoryReplayStoreOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('InMemoryReplayStore: options must be an object');
    }
    const { maxEntries = DEFAULT_MAX_ENTRIES, clock = systemClock } = options;
    if (typeof maxEntries !== 'number' || !Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('InMemoryReplayStore: maxEntries must be a positive integer');
    }
    if (typeof (clock as Partial<Clock> | null)?.now !== 'function') {
      throw new TypeError('InMemoryReplayStore: clock must be a Clock with a now() method');
    }
    this.#maxEntries = maxEntries;
    this.#clock = clock;
  }

  /** How many `jti`s are remembered now, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Resolves true when `jti` is new (and remembers it until `expiresAt`), or was first claimed
   * with the same non-empty `options.binding`; false on a replay. Atomic within the process.
   *
   * @throws TypeError on an empty `jti`, a non-finite `expiresAt` or a wrong `options.binding`.
   * @throws ReplayStoreFullError when the store is full of unexpired entries.
   */
  async claim(jti: string, expiresAt: number, options?: ReplayClaimOptions): Promise<boolean> {
    if (typeof jti !== 'string' || jti === '') {
      throw new TypeError('jti must be a non-empty string');
    }
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('expiresAt must be a finite number of milliseconds');
    }
    const binding = readBinding(options);
    const now = this.#clock.now();
    this.#sweep(now, SWEEP_STEP);
    const known = this.#entries.get(jti);
    if (known !== undefined && known.expiresAt > now) {
      return binding !== undefined && known.binding === binding;
    }
    if (known === undefined && this.#entries.size >= this.#maxEntries) {
      this.#sweep(now, Number.POSITIVE_INFINITY);
      if (this.#entries.size >= this.#maxEntries) throw new ReplayStoreFullError(this.#maxEntries);
    }
    this.#entries.delete(jti);
    this.#entries.set(jti, { expiresAt, binding });
    return true;
  }

  #sweep(now: number, limit: number): void {
    let looked = 0;
    for (const [jti, entry] of this.#entries) {
      if (looked++ >= limit) break;
      if (entry.expiresAt <= now) this.#entries.delete(jti);
    }
  }
}

function readBinding(options: ReplayClaimOptions | undefined): string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('claim options must be an object');
  }
  const { binding } = options;
  if (binding !== undefined && (typeof binding !== 'string' || binding === '')) {
    throw new TypeError('options.binding must be a non-empty string');
  }
  return binding;
}
