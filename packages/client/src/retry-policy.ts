import { type KnownOptions, ownOptions } from '@dual-auth/core';
import {
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
} from '@dual-auth/core/adapter-kit';
import { type HttpMethod, IDEMPOTENT_METHODS, normalizeMethod } from './http-method.js';

/**
 * When and how `callApi` retries: the adapter kit's {@link RetryOptions} (`limit`, `baseDelayMs`,
 * `maxDelayMs`, `maxRetryAfterMs`, all durations in milliseconds) plus which methods and statuses
 * are retried. Network errors, timeouts and the listed statuses are retried with exponential
 * backoff and jitter, or after the wait the server asks for (`Retry-After`, rate-limit resets).
 */
export interface ApiCallRetryOptions extends RetryOptions {
  /**
   * Methods that may be retried. Default: the idempotent ones (GET, HEAD, PUT, DELETE, OPTIONS);
   * add POST or PATCH only for endpoints that are safe to call twice.
   */
  methods?: readonly string[] | undefined;
  /** Statuses that are retried. Default 408, 429, 502, 503, 504. */
  statusCodes?: readonly number[] | undefined;
}

/** {@link ApiCallRetryOptions} with every default filled in. */
export interface ApiCallRetryPolicy extends RetryPolicy {
  readonly methods: readonly HttpMethod[];
  readonly statusCodes: readonly number[];
}

/**
 * The client's defaults: 3 retries (4 attempts, as the reference), backoff from 1 s doubling up to
 * 30 s, and waits of up to 60 s when the API asks for one.
 */
const API_CALL_RETRY_DEFAULTS: RetryPolicy = /* @__PURE__ */ Object.freeze({
  limit: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
});

const DEFAULT_STATUS_CODES = [408, 429, 502, 503, 504];

const OWN_OPTIONS = {
  methods: true,
  statusCodes: true,
} as const satisfies KnownOptions<Omit<ApiCallRetryOptions, keyof RetryOptions>>;

/**
 * Fills in the defaults of {@link ApiCallRetryOptions}; `false` means no retries.
 *
 * @throws TypeError on a wrong type or range, on a name of an earlier release
 * (`initialDelay`, `backoffLimit`, `maxRetryAfter`), naming the new one, or on another unknown name.
 */
export function resolveApiCallRetryPolicy(
  options: ApiCallRetryOptions | false | undefined,
): ApiCallRetryPolicy {
  const policy = resolveRetryPolicy(options, API_CALL_RETRY_DEFAULTS, OWN_OPTIONS);
  // Own options only: methods on a polluted Object.prototype would repeat every POST.
  const given = ownOptions(options || {});
  const methods = given.methods ?? IDEMPOTENT_METHODS;
  if (!Array.isArray(methods)) throw new TypeError('retry.methods must be an array of methods');
  const statusCodes = given.statusCodes ?? DEFAULT_STATUS_CODES;
  if (
    !Array.isArray(statusCodes) ||
    !statusCodes.every((code) => Number.isInteger(code) && code >= 400 && code <= 599)
  ) {
    throw new TypeError('retry.statusCodes must be an array of HTTP error statuses (400-599)');
  }
  return Object.freeze({
    ...policy,
    methods: Object.freeze(methods.map((method) => normalizeMethod(method, 'retry.methods[]'))),
    statusCodes: Object.freeze([...statusCodes]),
  });
}
