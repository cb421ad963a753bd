import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { RandomBytes } from '../contracts/random.js';
import { webCryptoRandomBytes } from '../contracts/random.js';
import { defaultLogger } from '../logging/default-logger.js';
import { positiveOption } from './positive-option.js';
import type { RetryOptions, RetryPolicy } from './retry-policy.js';
import { resolveRetryPolicy } from './retry-policy.js';
import type { Sleep } from './sleep.js';
import { timerSleep } from './sleep.js';

/** What every adapter accepts besides its configuration. */
export interface AdapterOptions {
  /** Default: `globalThis.fetch` at call time. Inject one that trusts a private CA, a proxy… */
  fetch?: typeof globalThis.fetch | undefined;
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  logger?: Logger | undefined;
  /** Backoff waits; tests inject one to control time. */
  sleep?: Sleep | undefined;
  /** Accept an `http:` token URL on loopback (a local test IdP). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  /** One attempt of the token request, the answer and its body, in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /**
   * The whole token request, every attempt and every wait between them, in ms. Default 30 000:
   * a hung IdP fails after 30 s, not after four 10 s attempts and their backoff.
   */
  totalTimeoutMs?: number | undefined;
  /** Retries of 429/5xx/network errors; `false` for none. Default 3 retries with backoff. */
  retry?: RetryOptions | false | undefined;
  /** Largest token response body read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
  /** Accepted for core's plugin loader; adapters read no environment variables. */
  env?: EnvRecord | undefined;
}

/** {@link AdapterOptions} checked, with every default filled in except `fetch` (looked up per call). */
export interface ResolvedAdapterOptions {
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly logger: Logger;
  readonly sleep: Sleep;
  readonly allowInsecureLoopback: boolean;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly maxResponseBytes: number;
}

/** Defaults of the numeric options: 10 s per attempt, 30 s in all, 1 MiB of answer. */
export const ADAPTER_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxResponseBytes: 1_048_576,
});

/** Unit-less names, refused so that a migrating caller's value is not silently ignored (#11). */
const UNITLESS: Readonly<Record<string, string>> = {
  timeout: 'timeoutMs',
  totalTimeout: 'totalTimeoutMs',
};

function option<T>(
  options: AdapterOptions,
  name: 'fetch' | 'random' | 'sleep' | 'clock' | 'logger',
  kind: 'function' | 'object',
  fallback: T,
): T {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== kind || value === null) {
    throw new TypeError(
      `options.${name} must be ${kind === 'function' ? 'a function' : 'an object'}`,
    );
  }
  return value as T;
}

/**
 * Checks adapter options once and returns them resolved and frozen, so a caller changing its
 * options object later does not change the adapter. Unknown fields (a vendor's own) are ignored,
 * except `timeout` and `totalTimeout`: durations carry their unit in the name.
 *
 * @throws TypeError on an option of the wrong type, or a unit-less `timeout`/`totalTimeout`
 *   (the message names `timeoutMs`/`totalTimeoutMs`).
 */
export function resolveAdapterOptions(
  options: AdapterOptions | undefined = {},
): ResolvedAdapterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('options must be an object');
  }
  for (const [name, replacement] of Object.entries(UNITLESS)) {
    if (name in options) {
      throw new TypeError(
        `options.${name} is not an adapter option: use ${replacement} (milliseconds)`,
      );
    }
  }
  const loopback = options.allowInsecureLoopback;
  if (loopback !== undefined && typeof loopback !== 'boolean') {
    throw new TypeError('options.allowInsecureLoopback must be a boolean');
  }
  if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null)) {
    throw new TypeError('options.env must be an object');
  }
  return Object.freeze({
    fetch: option(options, 'fetch', 'function', undefined),
    clock: option(options, 'clock', 'object', systemClock),
    random: option(options, 'random', 'function', webCryptoRandomBytes),
    logger: option(options, 'logger', 'object', defaultLogger),
    sleep: option(options, 'sleep', 'function', timerSleep),
    allowInsecureLoopback: loopback ?? false,
    timeoutMs: positiveOption(options.timeoutMs, 'timeoutMs', ADAPTER_DEFAULTS.timeoutMs),
    totalTimeoutMs: positiveOption(
      options.totalTimeoutMs,
      'totalTimeoutMs',
      ADAPTER_DEFAULTS.totalTimeoutMs,
    ),
    retry: resolveRetryPolicy(options.retry),
    maxResponseBytes: positiveOption(
      options.maxResponseBytes,
      'maxResponseBytes',
      ADAPTER_DEFAULTS.maxResponseBytes,
    ),
  });
}
