import { checkOption } from '../config/check-option.js';
import { type KnownOptions, refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { ReplayClaimOptions, ReplayStore } from '../contracts/stores.js';
import { ExpiryQueue } from './expiry-queue.js';
import { refuseExpiresAtInSeconds } from './refuse-expires-at-in-seconds.js';
import { ReplayStoreFullError } from './replay-store-full-error.js';

/**
 * Thrown by {@link InMemoryReplayStore} when its clock went back and a claim expires no later than
 * the latest expiry it swept (or a full share forgot): an entry of that `jti` may have been swept
 * as expired then, so it cannot tell a replay. A `ReplayStoreFullError`: callers refuse the
 * credential (fail closed).
 */
class ClockWentBackError extends ReplayStoreFullError {
  constructor(maxEntries: number, latestMs: number, sweptUntilMs: number) {
    super(maxEntries, 'clock_went_back');
    const at = (ms: number) => new Date(ms).toISOString();
    this.message = `Replay store's clock went back from ${at(latestMs)}: a jti expiring by ${at(sweptUntilMs)} may have been forgotten, so it is refused. Check the host's clock (NTP)`;
  }
}

/** What {@link InMemoryReplayStore} takes. */
export interface InMemoryReplayStoreOptions {
  /**
   * Most `jti`s remembered at once for one partition (see {@link ReplayClaimOptions.partition};
   * claims without one share a single partition, as before partitions existed). Default 100 000
   * (about 18 MB). Size it as one party's peak claims per second × the longest token lifetime in
   * seconds (leeway included): 1 500 act JWTs/s living 65 s need ~100 000. When a partition is
   * full, its own entries that expire first make room; other partitions are never touched. The
   * whole store holds at most `maxEntries` × the number of partitions that have live entries.
   */
  maxEntries?: number | undefined;
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

const OPTIONS = {
  maxEntries: true,
  clock: true,
} as const satisfies KnownOptions<InMemoryReplayStoreOptions>;

/** One party's share of the store. */
interface Share {
  readonly partition: string;
  /** This share's entries by expiry, to choose which of them make room. */
  readonly byExpiry: ExpiryQueue<Entry>;
  /** How many entries of this share the store holds, expired ones not yet swept included. */
  size: number;
  /** The latest expiry of an unexpired entry of this share that was forgotten to make room. */
  forgottenUntil: number;
}

interface Entry {
  readonly jti: string;
  readonly expiresAt: number;
  readonly binding: string | undefined;
  readonly share: Share;
}

const DEFAULT_MAX_ENTRIES = 100_000;
const NO_PARTITION = '';

/**
 * The default {@link ReplayStore}: `jti`s in memory until they expire, bounded in size per
 * partition, each claim O(1) amortised however full it is. A claim's `partition` (the agent
 * application, the sending app) is whose share it counts against: when a share is full, it
 * forgets ITS OWN entries that expire first and remembers until when they would have lived: a new
 * `jti` of that partition that expires later is accepted (a valid token is never refused for lack
 * of room), while one that expires no later — which could be a replay of a forgotten entry —
 * throws {@link ReplayStoreFullError}, so the token is refused (fail closed only when the store
 * cannot tell). One party's flood of valid claims thus never evicts, nor refuses, another's. The
 * `jti`s themselves are one namespace across partitions: a `jti` known in any partition is a
 * replay in every other; one a full share forgot is refused only under that share's partition,
 * which is why a partition must be a function of the signed credential (see
 * {@link ReplayClaimOptions.partition}). A clock that went back (NTP, a resumed VM) is undecided
 * too: a claim expiring no later than the latest expiry swept (or forgotten) throws a
 * {@link ReplayStoreFullError} saying so, as its `jti` may have been swept as expired then (a
 * jump ahead set right would otherwise accept a replay); one expiring later is decided as usual. A claim with a `binding` may be repeated with the same binding (see
 * {@link ReplayClaimOptions}). One process only: several instances need a shared store (Redis).
 * About 180 bytes per entry on Node 24 (measured: 179 with a 36-character UUID `jti`, 187 with a
 * 43-character one; ~122 bytes of bookkeeping plus the string; docs/performance.md).
 *
 * @example
 * const replayStore = new InMemoryReplayStore({ maxEntries: 10_000 });
 * await replayStore.claim(jti, exp * 1000); // true the first time, false after
 * await replayStore.claim(assertionJti, exp * 1000, { binding: tokenDigest }); // true
 * await replayStore.claim(assertionJti, exp * 1000, { binding: tokenDigest }); // true: same pair
 * await replayStore.claim(assertionJti, exp * 1000, { binding: otherDigest }); // false
 * await replayStore.claim(otherJti, exp * 1000, { partition: appId }); // counted against appId
 */
export class InMemoryReplayStore implements ReplayStore {
  readonly #maxEntries: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #shares = new Map<string, Share>();
  /** Every entry by expiry, so an idle share's entries are swept too. */
  readonly #byExpiry = new ExpiryQueue<Entry>();
  /** The latest time a claim read on the clock. */
  #latest = Number.NEGATIVE_INFINITY;
  /** The latest expiry of an entry swept as expired, or forgotten by a share that forgot it since. */
  #sweptUntil = Number.NEGATIVE_INFINITY;

  /** @throws TypeError on a wrong or unknown option. */
  constructor(options: InMemoryReplayStoreOptions = {}) {
    refuseUnknownOptions(options, OPTIONS, 'new InMemoryReplayStore');
    this.#maxEntries = checkOption(options, 'maxEntries', 'positiveInteger') ?? DEFAULT_MAX_ENTRIES;
    this.#clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  }

  /** How many `jti`s are remembered now, in all partitions, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Resolves true when `jti` is new (and remembers it until `expiresAt`), or was first claimed
   * with the same non-empty `options.binding`; false on a replay. Atomic within the process.
   *
   * @throws TypeError on an empty `jti`, a non-finite `expiresAt`, one below 1e11 (in seconds, a
   * JWT's `exp` passed as is: pass `exp * 1000`), or a wrong `options.binding` or
   * `options.partition`.
   * @throws ReplayStoreFullError when `options.partition`'s share had to forget unexpired entries
   * expiring at or after `expiresAt`, so it cannot tell whether this claim is a replay of one of
   * them.
   */
  async claim(jti: string, expiresAt: number, options?: ReplayClaimOptions): Promise<boolean> {
    if (typeof jti !== 'string' || jti === '') {
      throw new TypeError('jti must be a non-empty string');
    }
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('expiresAt must be a finite number of milliseconds');
    }
    // A JWT's `exp` passed as is (seconds) is a time in 1970: its claim would be forgotten at
    // once and a replay accepted.
    refuseExpiresAtInSeconds(expiresAt);
    const { binding, partition = NO_PARTITION } = readClaimOptions(options);
    const now = this.#clock.now();
    this.#sweep(now);
    const known = this.#entries.get(jti);
    if (known !== undefined && known.expiresAt > now) {
      return binding !== undefined && known.binding === binding;
    }
    // The clock went back (NTP, a resumed VM): a jti expiring by the latest expiry swept may have
    // been swept as expired then, and its credential is valid again now: undecided, refused. One
    // expiring later was never swept: a jump ahead set right refuses no fresh credential.
    if (now < this.#latest && expiresAt <= this.#sweptUntil) {
      throw new ClockWentBackError(this.#maxEntries, this.#latest, this.#sweptUntil);
    }
    this.#latest = Math.max(this.#latest, now);
    const share = this.#shareOf(partition, now);
    if (expiresAt <= share.forgottenUntil) throw new ReplayStoreFullError(this.#maxEntries);
    if (known !== undefined) this.#forget(known);
    const entry: Entry = { jti, expiresAt, binding, share };
    this.#entries.set(jti, entry);
    share.size += 1;
    share.byExpiry.push(entry);
    this.#byExpiry.push(entry);
    this.#makeRoom(share, now);
    return true;
  }

  #shareOf(partition: string, now: number): Share {
    let share = this.#shares.get(partition);
    if (share === undefined) {
      share = {
        partition,
        byExpiry: new ExpiryQueue(),
        size: 0,
        forgottenUntil: Number.NEGATIVE_INFINITY,
      };
      this.#shares.set(partition, share);
      return share;
    }
    // Its queue still holds the entries the store-wide sweep forgot: drop them now.
    share.byExpiry.dropExpired(now);
    if (share.forgottenUntil <= now) this.#forgetForgotten(share);
    return share;
  }

  #sweep(now: number): void {
    for (const entry of this.#byExpiry.takeExpired(now)) {
      if (!this.#forget(entry)) continue;
      this.#sweptUntil = Math.max(this.#sweptUntil, entry.expiresAt);
      const { share } = entry;
      // A share that still remembers forgetting live entries is kept, or a replay of one passes.
      if (share.size === 0 && share.forgottenUntil <= now) {
        this.#forgetForgotten(share);
        this.#shares.delete(share.partition);
      }
    }
  }

  // A share's record of forgotten entries, expired now, counts as swept.
  #forgetForgotten(share: Share): void {
    this.#sweptUntil = Math.max(this.#sweptUntil, share.forgottenUntil);
    share.forgottenUntil = Number.NEGATIVE_INFINITY;
  }

  // The new entry is filed first, so when it expires soonest it is the one forgotten.
  #makeRoom(share: Share, now: number): void {
    while (share.size > this.#maxEntries) {
      const entry = share.byExpiry.shift();
      if (entry === undefined) return;
      if (!this.#forget(entry) || entry.expiresAt <= now) continue;
      share.forgottenUntil = Math.max(share.forgottenUntil, entry.expiresAt);
    }
  }

  /** Deletes `entry` if it is still the one held for its `jti`; true when it was. */
  #forget(entry: Entry): boolean {
    if (this.#entries.get(entry.jti) !== entry) return false;
    this.#entries.delete(entry.jti);
    entry.share.size -= 1;
    return true;
  }
}

function readClaimOptions(options: ReplayClaimOptions = {}): ReplayClaimOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('claim options must be an object');
  }
  for (const name of ['binding', 'partition'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new TypeError(`options.${name} must be a non-empty string`);
    }
  }
  return options;
}
