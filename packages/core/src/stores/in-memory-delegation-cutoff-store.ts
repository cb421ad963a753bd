import { checkOption } from '../config/check-option.js';
import { type KnownOptions, refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { DelegationCutoffStore } from '../contracts/delegation-cutoff-store.js';
import { ExpiryQueue } from './expiry-queue.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

/** What {@link InMemoryDelegationCutoffStore} takes. */
export interface InMemoryDelegationCutoffStoreOptions {
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

const OPTIONS = {
  clock: true,
} as const satisfies KnownOptions<InMemoryDelegationCutoffStoreOptions>;

interface Cutoff {
  readonly human: string;
  cutoffMs: number;
  /** Until when it is kept, ms since the epoch: only ever pushed later. */
  expiresAt: number;
}

/**
 * A {@link DelegationCutoffStore} in this process's memory: a human's latest cut-off is kept for
 * the longest `keepMs` asked of it, then forgotten. Each call is O(1) amortised however many
 * cut-offs are kept (they are filed by expiry, and only expired ones are swept). One process only: several instances need a
 * shared store (`RedisDelegationCutoffStore` of `@dual-auth/store-redis`).
 *
 * A clock that went back (NTP setting right a clock that had jumped ahead, a resumed VM) may read
 * before the expiry of a cut-off it forgot: that cut-off may be live again by this reading, so
 * while the clock reads before the latest expiry the store ever forgot, `cutoffOf` of a human it
 * holds no cut-off for throws a `StoreUnavailableError` (the caller refuses the credential) rather
 * than answer "none". A forgotten cut-off had expired by the reading that forgot it, so with a
 * clock that never goes back this never happens.
 *
 * @example
 * const cutoffs = new InMemoryDelegationCutoffStore();
 * await cutoffs.endDelegation('user-123', Date.now(), 86_400_000);
 * await cutoffs.cutoffOf('user-123'); // the moment, for 24 h
 */
export class InMemoryDelegationCutoffStore implements DelegationCutoffStore {
  readonly #cutoffs = new Map<string, Cutoff>();
  // One filing per kept cut-off, at the expiry it had when filed: a later keep is seen at sweep.
  readonly #byExpiry = new ExpiryQueue<Cutoff>();
  readonly #clock: Clock;
  /** The latest expiry of a cut-off forgotten (ms): a reading before it cannot answer "none". */
  #forgottenUntil = Number.NEGATIVE_INFINITY;

  /** @throws TypeError on a wrong or unknown option. */
  constructor(options: InMemoryDelegationCutoffStoreOptions = {}) {
    refuseUnknownOptions(options, OPTIONS, 'new InMemoryDelegationCutoffStore');
    this.#clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  }

  async endDelegation(human: string, cutoffMs: number, keepMs: number): Promise<void> {
    checkDelegationCutoffArguments(human, cutoffMs, keepMs);
    const nowMs = this.#clock.now();
    this.#sweep(nowMs);
    const current = this.#cutoffs.get(human);
    if (current === undefined || current.expiresAt <= nowMs) {
      const entry: Cutoff = { human, cutoffMs, expiresAt: nowMs + keepMs };
      this.#cutoffs.set(human, entry);
      this.#byExpiry.push(entry);
      return;
    }
    // As the Redis store does: the latest cut-off, kept as long as the longest keep asked, so a
    // second call (another instance, a clock behind) never shortens what the first one recorded.
    current.cutoffMs = Math.max(cutoffMs, current.cutoffMs);
    current.expiresAt = Math.max(nowMs + keepMs, current.expiresAt);
  }

  /**
   * @throws StoreUnavailableError (operation `cutoff`, reason `clock_went_back`) when the clock reads before the expiry of a
   * cut-off this store forgot and none is held for `human`: the clock went back, see the class.
   */
  async cutoffOf(human: string): Promise<number | undefined> {
    const nowMs = this.#clock.now();
    const entry = this.#cutoffs.get(human);
    if (entry !== undefined && entry.expiresAt > nowMs) return entry.cutoffMs;
    if (entry !== undefined) this.#forget(entry);
    if (nowMs < this.#forgottenUntil) {
      throw new StoreUnavailableError(
        'cutoff',
        `Delegation cut-off store's clock went back before ${new Date(this.#forgottenUntil).toISOString()}: a cut-off it forgot may be live again, so it cannot answer. Check the host's clock (NTP)`,
        { reason: 'clock_went_back' },
      );
    }
    return undefined;
  }

  #sweep(nowMs: number): void {
    const extended: Cutoff[] = [];
    for (const entry of this.#byExpiry.takeExpired(nowMs)) {
      if (this.#cutoffs.get(entry.human) !== entry) continue;
      if (entry.expiresAt > nowMs) extended.push(entry);
      else this.#forget(entry);
    }
    // Filed again at its later expiry: after the walk, which would otherwise meet it again.
    for (const entry of extended) this.#byExpiry.push(entry);
  }

  #forget(entry: Cutoff): void {
    this.#cutoffs.delete(entry.human);
    this.#forgottenUntil = Math.max(this.#forgottenUntil, entry.expiresAt);
  }
}

/**
 * Checks the arguments of `DelegationCutoffStore.endDelegation`: `cutoffMs` from 0 to 2^53 - 1
 * (`Number.MAX_SAFE_INTEGER`) ms since the epoch, `keepMs` > 0 and at most 2^53 - 1.
 *
 * @throws TypeError naming the wrong one (and, for `cutoffMs`, its bounds).
 */
export function checkDelegationCutoffArguments(
  human: unknown,
  cutoffMs: unknown,
  keepMs: unknown,
): void {
  if (typeof human !== 'string' || human === '') {
    throw new TypeError('endDelegation: human must be a non-empty string (the human IAM id)');
  }
  if (typeof cutoffMs !== 'number' || !Number.isFinite(cutoffMs)) {
    throw new TypeError('endDelegation: cutoffMs must be a finite number (ms since epoch)');
  }
  // Past 2^53 - 1 (or before the epoch) a cut-off reads back as "not a time" from a shared store,
  // which refuses every credential of the human until the next endDelegation: refused here.
  if (cutoffMs < 0 || cutoffMs > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(
      'endDelegation: cutoffMs must be ms since the epoch, from 0 to 2^53 - 1 (pass Date.now())',
    );
  }
  // Past 2^53 - 1 a shared store cannot write it as whole ms (Redis refused "1e+17" as no integer,
  // an outage no retry could end): refused here, as the caller's argument.
  if (
    typeof keepMs !== 'number' ||
    !Number.isFinite(keepMs) ||
    keepMs <= 0 ||
    keepMs > Number.MAX_SAFE_INTEGER
  ) {
    throw new TypeError(
      'endDelegation: keepMs must be a number of milliseconds > 0 and at most 2^53 - 1',
    );
  }
}
