import { requireErrorArgument } from '../errors/error-arguments.js';

const MARKER = Symbol.for('dual-auth.replay-store-full-error');

/**
 * Thrown by {@link InMemoryReplayStore} when it had to forget unexpired `jti`s of a partition (one
 * party's share) to make room and a claim of that partition expires no later than they did, so it
 * cannot tell whether the claim replays one of them. Other partitions are unaffected.
 * Callers fail closed on it: the session refuses the act JWT (`replay_check_failed`), the resource
 * guard answers 503. Not a `DualAuthError`: it is a capacity limit of the store, not a verdict.
 * Also thrown, with `reason` `'clock_went_back'`, when a store's clock went back and a claim may
 * have been swept as expired by the later reading: the fix is the host's clock (NTP), not room.
 */
export class ReplayStoreFullError extends Error {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [MARKER]: true;
  /** The store's `maxEntries`: per partition. */
  declare readonly maxEntries: number;
  /** Why the claim is undecided: the partition forgot entries (`'full'`) or the clock went back. */
  declare readonly reason: 'full' | 'clock_went_back';

  /**
   * @throws TypeError naming the class and the argument when `maxEntries` is not a number or
   *   `reason` not a string.
   */
  constructor(maxEntries: number, reason: 'full' | 'clock_went_back' = 'full') {
    requireErrorArgument(maxEntries, 'ReplayStoreFullError', 'maxEntries', 'number');
    requireErrorArgument(reason, 'ReplayStoreFullError', 'reason', 'string?');
    super(
      `Replay store is full (${maxEntries} unexpired jti in this partition) and forgot some to make room; it cannot tell whether this jti was one of them, so it is refused. Raise maxEntries (peak claims per second × lifetime in seconds) or use a shared store such as Redis`,
    );
    this[MARKER] = true;
    this.maxEntries = maxEntries;
    this.reason = reason;
    this.name = 'ReplayStoreFullError';
  }

  /** True for this error, whichever copy of `@dual-auth/core` made it. */
  static isInstance(error: unknown): error is ReplayStoreFullError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    );
  }
}
