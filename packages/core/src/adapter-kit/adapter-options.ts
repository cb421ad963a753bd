import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { RandomBytes } from '../contracts/random.js';
import { positiveOption } from './positive-option.js';
import type { RetryOptions } from './retry-policy.js';
import { resolveRetryPolicy } from './retry-policy.js';
import type { Sleep } from './sleep.js';

/** What every adapter accepts besides its configuration. Defaults are resolved at call time. */
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
  /** Per-attempt timeout of the token request, in ms. Default 10000. */
  timeoutMs?: number | undefined;
  /** Retries of 429/5xx/network errors; `false` for none. Default 3 retries with backoff. */
  retry?: RetryOptions | false | undefined;
  /** Largest token response body read. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
  /** Accepted for core's plugin loader; adapters read no environment variables. */
  env?: EnvRecord | undefined;
}

const FUNCTIONS = ['fetch', 'random', 'sleep'] as const;
const OBJECTS = ['clock', 'logger', 'env'] as const;

/**
 * Checks option types once, at construction, and returns a shallow copy, so a caller changing its
 * options object later does not change the adapter.
 *
 * @throws TypeError on an option of the wrong type.
 */
export function checkAdapterOptions<O extends AdapterOptions>(options: O | undefined): O {
  if (options === undefined) return {} as O;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('options must be an object');
  }
  for (const name of FUNCTIONS) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`options.${name} must be a function`);
    }
  }
  for (const name of OBJECTS) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      throw new TypeError(`options.${name} must be an object`);
    }
  }
  const loopback = options.allowInsecureLoopback;
  if (loopback !== undefined && typeof loopback !== 'boolean') {
    throw new TypeError('options.allowInsecureLoopback must be a boolean');
  }
  positiveOption(options.timeoutMs, 'timeoutMs', 1);
  positiveOption(options.maxResponseBytes, 'maxResponseBytes', 1);
  resolveRetryPolicy(options.retry);
  return { ...options };
}
