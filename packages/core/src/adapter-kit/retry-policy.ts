import type { Clock } from '../contracts/clock.js';
import type { RandomBytes } from '../contracts/random.js';
import { retryAfterMs } from './retry-after.js';

/** How a token request is retried. Pass `false` instead to make one attempt only. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3 (the reference's `Retry(total=3)`: 4 attempts). */
  retries?: number | undefined;
  /** Backoff before retry n is `baseDelayMs · 2^(n-1)`, jittered to 50–100 %. Default 1000. */
  baseDelayMs?: number | undefined;
  /** Upper bound of one backoff. Default 8000. */
  maxDelayMs?: number | undefined;
  /**
   * The longest `Retry-After` we wait for. An IdP asking for longer gets no retry: the error says
   * `retryAfter` so the caller can schedule it. Default 30000.
   */
  maxRetryAfterMs?: number | undefined;
}

/** A resolved {@link RetryOptions}. */
export interface RetryPolicy {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** HTTP statuses worth another attempt: rate limit and the transient server errors. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** OAuth error codes that the same credentials will never turn into a token. */
export const NON_RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'invalid_request',
  'invalid_scope',
  'unsupported_grant_type',
  'access_denied',
]);

function nonNegative(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`retry.${name} must be a non-negative number`);
  }
  return value;
}

/**
 * Resolves retry options to a policy; `false` means no retries.
 *
 * @throws TypeError on options of the wrong type.
 */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (
    options !== undefined &&
    options !== false &&
    (typeof options !== 'object' || options === null)
  ) {
    throw new TypeError('retry must be an object or false');
  }
  const given = options === false ? { retries: 0 } : (options ?? {});
  const retries = nonNegative(given.retries, 'retries', 3);
  if (!Number.isInteger(retries)) throw new TypeError('retry.retries must be an integer');
  return {
    retries,
    baseDelayMs: nonNegative(given.baseDelayMs, 'baseDelayMs', 1000),
    maxDelayMs: nonNegative(given.maxDelayMs, 'maxDelayMs', 8000),
    maxRetryAfterMs: nonNegative(given.maxRetryAfterMs, 'maxRetryAfterMs', 30_000),
  };
}

/**
 * The jittered exponential backoff before retry number `retry` (1 for the first retry):
 * `baseDelayMs · 2^(retry-1)`, capped at `maxDelayMs`, at a random point in its upper half
 * ("equal jitter"), so clients that failed together do not come back together.
 */
export function backoffDelay(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retry: number,
  random: RandomBytes,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const [a = 0, b = 0] = random(2);
  const fraction = (a * 256 + b) / 65_536;
  return Math.round(ceiling * (0.5 + fraction / 2));
}

/**
 * Seconds a `Retry-After` header asks for: delta-seconds or an HTTP date (counted from `clock`),
 * rounded up. `undefined` when absent or unreadable (see {@link retryAfterMs}).
 */
export function parseRetryAfter(header: string | null, clock: Clock): number | undefined {
  const ms = retryAfterMs(header, clock.now());
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}
