import { readOptions } from '../config/read-options.js';
import type { KnownOptions } from '../config/refuse-unknown-options.js';
import type { RandomBytes } from '../contracts/random.js';

/**
 * How a request is retried: the one retry vocabulary of the adapter kit and the API client (which
 * extends it with `methods` and `statusCodes`). All durations in milliseconds.
 */
export interface RetryOptions {
  /** Retries after the first attempt, 0 to 10. Default 3 (the reference's `Retry(total=3)`: 4 attempts). */
  limit?: number | undefined;
  /** Backoff before retry n is `baseDelayMs · 2^(n-1)`, jittered to 50–100 %. Default 1000. */
  baseDelayMs?: number | undefined;
  /** Upper bound of one backoff. Default 8000 for the token endpoint. */
  maxDelayMs?: number | undefined;
  /**
   * The longest wait an answer may ask for (`Retry-After`, rate-limit resets: see
   * `requestedWaitMs`). An answer asking for longer gets no retry: the error carries the
   * wait so the caller can schedule it. Default 30000 for the token endpoint.
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * Reads the IETF `RateLimit` field (draft-ietf-httpapi-ratelimit-headers) into the seconds it
   * asks to wait: pass `ietfRateLimitField` from `@dual-auth/core/adapter-kit`. Default none: that
   * field is not read (`Retry-After`, `RateLimit-Reset`, Okta's and Auth0's resets still are), and
   * no Structured Field parser is bundled.
   */
  rateLimitField?: RateLimitFieldReader | undefined;
}

const RETRY_OPTIONS = {
  limit: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
  rateLimitField: true,
} as const satisfies KnownOptions<RetryOptions>;

/**
 * Reads the value of a `RateLimit` header into the seconds it asks to wait, `undefined` when it
 * asks for none or cannot be read. Must not throw.
 */
export type RateLimitFieldReader = (field: string) => number | undefined;

/** A resolved {@link RetryOptions}: every field set, frozen. */
export interface RetryPolicy {
  readonly limit: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  /** See {@link RetryOptions.rateLimitField}. */
  readonly rateLimitField?: RateLimitFieldReader | undefined;
}

/** The token endpoint's defaults: 3 retries, 1 s doubling up to 8 s, waits of up to 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = /* @__PURE__ */ Object.freeze({
  limit: 3,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
});

const MAX_LIMIT = 10;

/** Names of earlier releases, refused with the new name so that no setting is silently dropped. */
const RENAMED: Readonly<Record<string, keyof RetryOptions>> = {
  retries: 'limit',
  initialDelay: 'baseDelayMs',
  backoffLimit: 'maxDelayMs',
  maxRetryAfter: 'maxRetryAfterMs',
};

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
    throw new TypeError(`retry.${name} must be a non-negative number of milliseconds`);
  }
  return value;
}

/**
 * Resolves retry options to a frozen policy; `false` means no retries. `defaults` fills what is
 * not given (the API client passes its own), `extraNames` names the caller's own options beside
 * {@link RetryOptions} (the API client's `methods` and `statusCodes`).
 *
 * @throws TypeError on options of the wrong type, on a name of an earlier release
 *   (`retries`, `initialDelay`, `backoffLimit`, `maxRetryAfter`), naming the new one, on any
 *   other name that is not an option, and on an option inherited from a prototype of the
 *   caller's (`Object.create(defaults)`), as `refuseUnknownOptions`.
 */
export function resolveRetryPolicy(
  options: RetryOptions | false | undefined,
  defaults: RetryPolicy = DEFAULT_RETRY_POLICY,
  extraNames: Readonly<Record<string, true>> = {},
): RetryPolicy {
  if (
    options !== undefined &&
    options !== false &&
    (typeof options !== 'object' || options === null)
  ) {
    throw new TypeError('retry must be an object or false');
  }
  const raw: RetryOptions = options === false ? { limit: 0 } : (options ?? {});
  for (const [old, name] of Object.entries(RENAMED)) {
    if (Object.hasOwn(raw, old)) throw new TypeError(`retry.${old} is now retry.${name}`);
  }
  // The own properties, on a null prototype: a value inherited from a polluted Object.prototype
  // sets no option, and one inherited from the caller's own prototype is refused.
  const given = readOptions(raw, { ...RETRY_OPTIONS, ...extraNames }, 'retry');
  const limit = given.limit ?? defaults.limit;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new TypeError(`retry.limit must be an integer from 0 to ${MAX_LIMIT}`);
  }
  const rateLimitField = given.rateLimitField ?? defaults.rateLimitField;
  if (rateLimitField !== undefined && typeof rateLimitField !== 'function') {
    throw new TypeError('retry.rateLimitField must be a function (ietfRateLimitField)');
  }
  return Object.freeze({
    limit,
    baseDelayMs: nonNegative(given.baseDelayMs, 'baseDelayMs', defaults.baseDelayMs),
    maxDelayMs: nonNegative(given.maxDelayMs, 'maxDelayMs', defaults.maxDelayMs),
    maxRetryAfterMs: nonNegative(
      given.maxRetryAfterMs,
      'maxRetryAfterMs',
      defaults.maxRetryAfterMs,
    ),
    ...(rateLimitField === undefined ? {} : { rateLimitField }),
  });
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
