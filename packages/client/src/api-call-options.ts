import {
  type Clock,
  defaultLogger,
  type Logger,
  type RandomBytes,
  systemClock,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import { type Sleep, timerSleep } from '@dual-auth/core/adapter-kit';
import type { ApiCallHooks } from './api-call-hooks.js';
import {
  type ApiCallRetryOptions,
  type ApiCallRetryPolicy,
  resolveApiCallRetryPolicy,
} from './retry-policy.js';
import {
  assertMilliseconds,
  assertOptionalFunction,
  assertTimeoutMs,
  refuseRenamedOptions,
} from './validate-option.js';

/** Options of {@link ApiCall} (and so of `InSessionApiCall` and `OutOfSessionApiCall`). */
export interface ApiCallOptions {
  /**
   * Per-request timeout in milliseconds, until the response headers arrive. Default 10 000.
   * Values below 100 are refused as likely seconds (Python's `timeout=10` was seconds; the
   * Python-named `InSessionAPICall` and `OutOfSessionAPICall` take that `timeout`).
   */
  timeoutMs?: number | undefined;
  /**
   * Deadline in milliseconds for the whole call: getting the token from a `tokenProvider`, every
   * request and redirect, every wait before a retry, and reading the response body. Default 60 000.
   */
  totalTimeoutMs?: number | undefined;
  /** Retries; `false` for one attempt only. */
  retry?: ApiCallRetryOptions | false | undefined;
  /** Same-scheme redirects followed per attempt. Default 5; 0 returns a 3xx as it is. */
  maxRedirects?: number | undefined;
  /**
   * A provider's token this close (ms) to expiry is renewed before the call; at most a quarter of
   * the token's lifetime, so short-lived tokens are still reused. Default 30 000.
   */
  expiryLeewayMs?: number | undefined;
  /** Accept `http:` API URLs on a loopback host (local tests only). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  hooks?: ApiCallHooks | undefined;
  /** The fetch to send with. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /** The clock of the deadline, timeouts and `Retry-After` dates. Default: the system clock. */
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  /** How backoff and `Retry-After` waits are slept. Default: core's `timerSleep`. */
  sleep?: Sleep | undefined;
  logger?: Logger | undefined;
}

/** {@link ApiCallOptions} with defaults filled in and types checked. */
export interface ResolvedApiCallOptions {
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retry: ApiCallRetryPolicy;
  readonly maxRedirects: number;
  readonly expiryLeewayMs: number;
  readonly allowInsecureLoopback: boolean;
  readonly hooks: ApiCallHooks;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly sleep: Sleep;
  readonly logger: Logger;
}

/** Option names of 0.1.0 whose unit was not in the name. */
const RENAMED = {
  timeout:
    'pass timeoutMs in milliseconds (for 30 s, timeoutMs: 30_000); the Python-named InSessionAPICall and OutOfSessionAPICall take timeout in seconds',
  totalTimeout: 'pass totalTimeoutMs in milliseconds (for 60 s, totalTimeoutMs: 60_000)',
  expiryLeeway: 'pass expiryLeewayMs in milliseconds (for 30 s, expiryLeewayMs: 30_000)',
};

/**
 * Checks {@link ApiCallOptions} and fills in the defaults, without keeping a reference to the
 * caller's object.
 *
 * @throws TypeError on a wrong type or range, or on an option name of 0.1.0 (`timeout`,
 * `totalTimeout`, `expiryLeeway`), naming the one to use.
 */
export function resolveApiCallOptions(options: ApiCallOptions | undefined): ResolvedApiCallOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new TypeError('options must be an object');
  refuseRenamedOptions(o, RENAMED);
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
    timeoutMs: assertTimeoutMs(o.timeoutMs ?? 10_000, 'timeoutMs'),
    totalTimeoutMs: assertTimeoutMs(o.totalTimeoutMs ?? 60_000, 'totalTimeoutMs'),
    retry: resolveApiCallRetryPolicy(o.retry),
    maxRedirects,
    expiryLeewayMs: assertMilliseconds(o.expiryLeewayMs ?? 30_000, 'expiryLeewayMs', 0),
    allowInsecureLoopback,
    hooks: Object.freeze({
      onRequestStart: hooks.onRequestStart,
      onRequestEnd: hooks.onRequestEnd,
    }),
    fetch: o.fetch,
    clock: o.clock ?? systemClock,
    random: o.random ?? webCryptoRandomBytes,
    sleep: o.sleep ?? timerSleep,
    logger: o.logger ?? defaultLogger,
  });
}
