import { errorOptions, requireErrorArgument } from '../errors/error-arguments.js';

const MARKER = Symbol.for('dual-auth.store-unavailable-error');

/** What a shared store was doing when it failed; see {@link StoreUnavailableError}. */
export type StoreOperation = 'claim' | 'get' | 'set' | 'invalidate' | 'lock' | 'cutoff';

/** Why a store could not answer: see {@link StoreUnavailableError.reason}. */
export type StoreUnavailableReason = 'unavailable' | 'clock_went_back' | 'clock_skew';

/**
 * Thrown by a shared store (`@dual-auth/store-redis`) that could not answer: unreachable,
 * refusing, or slower than its `timeoutMs`. Callers fail closed on a replay claim (the session
 * refuses the act JWT and the resource guard answers 503, both with reason
 * `replay_store_unavailable`); the session's token cache logs it and asks the IdP directly. Not a
 * `DualAuthError`: it is an outage of a store, not a verdict. Its message and `cause` name no key,
 * `jti`, token or binding.
 */
export class StoreUnavailableError extends Error {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [MARKER]: true;
  /** The operation that failed. */
  declare readonly operation: StoreOperation;
  /**
   * Why it could not answer: the store was unreachable, refusing or slow (`'unavailable'`), or its
   * clock went back past what it forgot (`'clock_went_back'`: the fix is the host's clock, NTP), or
   * the process's clock and the store's differ by more than the store allows (`'clock_skew'`, as
   * store-redis' `maxClockSkewMs`: the fix is NTP too).
   */
  declare readonly reason: StoreUnavailableReason;

  /**
   * @throws TypeError naming the class and the argument when `operation` or `message` is not a
   *   string, or `options` not an object (or one whose getters or Proxy traps throw) with a string
   *   `reason`.
   */
  constructor(
    operation: StoreOperation,
    message: string,
    given?: { cause?: Error; reason?: StoreUnavailableReason },
  ) {
    const name = 'StoreUnavailableError';
    requireErrorArgument(operation, name, 'operation', 'string');
    requireErrorArgument(message, name, 'message', 'string');
    const options = given === undefined ? {} : errorOptions(given, name, { reason: 'string?' });
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this[MARKER] = true;
    this.operation = operation;
    this.reason = options.reason ?? 'unavailable';
    this.name = 'StoreUnavailableError';
  }

  /** True for this error, whichever copy of `@dual-auth/core` made it. */
  static isInstance(error: unknown): error is StoreUnavailableError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    );
  }
}
