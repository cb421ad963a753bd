import {
  type Clock,
  type Logger,
  noopLogger,
  type RandomBytes,
  systemClock,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import { type Sleep, timerSleep } from '@dual-auth/core/adapter-kit';
import type { ApiCallHooks } from './api-call-hooks.js';
import { type RetryOptions, type RetryPolicy, resolveRetryPolicy } from './retry-policy.js';
import { assertMilliseconds, assertOptionalFunction } from './validate-option.js';

/** Options of {@link ApiCall} (and so of `InSessionApiCall` and `OutOfSessionApiCall`). */
export interface ApiCallOptions {
  /**
   * Per-request timeout in **milliseconds** until the response headers arrive. Default 10 000.
   * (Python's `timeout=10` was in seconds.)
   */
  timeout?: number | undefined;
  /**
   * Deadline in ms for the whole call: requests, redirects and backoff (a token provider is bounded
   * by its own timeout and the caller's signal). Default 60 000.
   */
  totalTimeout?: number | undefined;
  retry?: RetryOptions | undefined;
  /** Same-scheme redirects followed per attempt. Default 5; 0 returns a 3xx as it is. */
  maxRedirects?: number | undefined;
  /** A provider's token this close (ms) to expiry is renewed before the call. Default 30 000. */
  expiryLeeway?: number | undefined;
  /** Accept `http:` API URLs on a loopback host (local tests only). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  hooks?: ApiCallHooks | undefined;
  /** The fetch to send with. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  sleep?: Sleep | undefined;
  logger?: Logger | undefined;
}

/** {@link ApiCallOptions} with defaults filled in and types checked. */
export interface ResolvedApiCallOptions {
  readonly timeout: number;
  readonly totalTimeout: number;
  readonly retry: RetryPolicy;
  readonly maxRedirects: number;
  readonly expiryLeeway: number;
  readonly allowInsecureLoopback: boolean;
  readonly hooks: ApiCallHooks;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly sleep: Sleep;
  readonly logger: Logger;
}

/**
 * Checks {@link ApiCallOptions} and fills in the defaults, without keeping a reference to the
 * caller's object.
 *
 * @throws TypeError on a wrong type or range.
 */
export function resolveApiCallOptions(options: ApiCallOptions | undefined): ResolvedApiCallOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new TypeError('options must be an object');
  const maxRedirects = o.maxRedirects ?? 5;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0 || maxRedirects > 20) {
    throw new TypeError('maxRedirects must be an integer from 0 to 20');
  }
  const allowInsecureLoopback = o.allowInsecureLoopback ?? false;
  if (typeof allowInsecureLoopback !== 'boolean') {
    throw new TypeError('allowInsecureLoopback must be a boolean');
  }
  const hooks = o.hooks ?? {};
  if (typeof hooks !== 'object' || hooks === null) throw new TypeError('hooks must be an object');
  assertOptionalFunction(hooks.onRequestStart, 'hooks.onRequestStart');
  assertOptionalFunction(hooks.onRequestEnd, 'hooks.onRequestEnd');
  assertOptionalFunction(o.fetch, 'fetch');
  assertOptionalFunction(o.random, 'random');
  assertOptionalFunction(o.sleep, 'sleep');
  if (o.clock !== undefined && typeof o.clock?.now !== 'function') {
    throw new TypeError('clock must have a now() method');
  }
  const logger = o.logger as Partial<Record<keyof Logger, unknown>> | null | undefined;
  if (
    logger !== undefined &&
    (['debug', 'info', 'warn', 'error'] as const).some((m) => typeof logger?.[m] !== 'function')
  ) {
    throw new TypeError('logger must implement Logger (debug, info, warn, error)');
  }
  return Object.freeze({
    timeout: assertMilliseconds(o.timeout ?? 10_000, 'timeout'),
    totalTimeout: assertMilliseconds(o.totalTimeout ?? 60_000, 'totalTimeout'),
    retry: resolveRetryPolicy(o.retry),
    maxRedirects,
    expiryLeeway: assertMilliseconds(o.expiryLeeway ?? 30_000, 'expiryLeeway', 0),
    allowInsecureLoopback,
    hooks: Object.freeze({
      onRequestStart: hooks.onRequestStart,
      onRequestEnd: hooks.onRequestEnd,
    }),
    fetch: o.fetch,
    clock: o.clock ?? systemClock,
    random: o.random ?? webCryptoRandomBytes,
    sleep: o.sleep ?? timerSleep,
    logger: o.logger ?? noopLogger,
  });
}
