import type { RandomBytes } from '@dual-auth/core';
import { backoffDelay as jitteredBackoff } from '@dual-auth/core/adapter-kit';
import { type HttpMethod, IDEMPOTENT_METHODS, normalizeMethod } from './http-method.js';
import { assertMilliseconds } from './validate-option.js';

/**
 * When and how `callApi` retries. Attempts after the first, for network errors, timeouts and the
 * listed statuses, with exponential backoff and jitter, or the server's `Retry-After`.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3 (4 attempts, as the reference). 0 turns retries off. */
  limit?: number | undefined;
  /**
   * Methods that may be retried. Default: the idempotent ones (GET, HEAD, PUT, DELETE, OPTIONS);
   * add POST or PATCH only for endpoints that are safe to call twice.
   */
  methods?: readonly string[] | undefined;
  /** Statuses that are retried. Default 408, 429, 502, 503, 504. */
  statusCodes?: readonly number[] | undefined;
  /** First backoff in ms, doubled for each retry. Default 1000 (so 1 s, 2 s, 4 s before jitter). */
  initialDelay?: number | undefined;
  /** Upper bound of one backoff in ms. Default 30 000. */
  backoffLimit?: number | undefined;
  /**
   * Longest `Retry-After` (ms) the client waits for; a server asking for more gets no retry and
   * its answer is final. Default 60 000.
   */
  maxRetryAfter?: number | undefined;
}

/** {@link RetryOptions} with every default filled in. */
export interface RetryPolicy {
  readonly limit: number;
  readonly methods: readonly HttpMethod[];
  readonly statusCodes: readonly number[];
  readonly initialDelay: number;
  readonly backoffLimit: number;
  readonly maxRetryAfter: number;
}

const DEFAULT_STATUS_CODES = [408, 429, 502, 503, 504];

/**
 * Fills in the defaults of {@link RetryOptions}.
 *
 * @throws TypeError on a wrong type or range.
 */
export function resolveRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('retry must be an object');
  }
  const limit = options.limit ?? 3;
  if (!Number.isInteger(limit) || limit < 0 || limit > 10) {
    throw new TypeError('retry.limit must be an integer from 0 to 10');
  }
  const methods = options.methods ?? IDEMPOTENT_METHODS;
  if (!Array.isArray(methods)) throw new TypeError('retry.methods must be an array of methods');
  const statusCodes = options.statusCodes ?? DEFAULT_STATUS_CODES;
  if (
    !Array.isArray(statusCodes) ||
    !statusCodes.every((code) => Number.isInteger(code) && code >= 400 && code <= 599)
  ) {
    throw new TypeError('retry.statusCodes must be an array of HTTP error statuses (400-599)');
  }
  return Object.freeze({
    limit,
    methods: Object.freeze(methods.map((method) => normalizeMethod(method, 'retry.methods[]'))),
    statusCodes: Object.freeze([...statusCodes]),
    initialDelay: assertMilliseconds(options.initialDelay ?? 1000, 'retry.initialDelay', 0),
    backoffLimit: assertMilliseconds(options.backoffLimit ?? 30_000, 'retry.backoffLimit', 0),
    maxRetryAfter: assertMilliseconds(options.maxRetryAfter ?? 60_000, 'retry.maxRetryAfter', 0),
  });
}

/** The backoff before retry number `retry` (1-based): the adapter kit's, on this policy's delays. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: RandomBytes): number {
  return jitteredBackoff(
    { baseDelayMs: policy.initialDelay, maxDelayMs: policy.backoffLimit },
    retry,
    random,
  );
}
