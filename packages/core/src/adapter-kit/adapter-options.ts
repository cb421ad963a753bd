import { checkOption, checkValue, MAX_TIMER_MS, ownOption } from '../config/check-option.js';
import type { KnownOptions } from '../config/refuse-unknown-options.js';
import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { RandomBytes } from '../contracts/random.js';
import { webCryptoRandomBytes } from '../contracts/random.js';
import { loggerOrDefault } from '../logging/default-logger.js';
import type { DpopOptions, ResolvedDpopOptions } from './dpop-option.js';
import { checkDpopOption } from './dpop-option.js';
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
  /**
   * One attempt of the token request, the answer and its body, in ms. Default 10 000; a whole
   * number from 100 (below is seconds by mistake) to 2^31-1 (a timer holds no more), else a
   * `TypeError` at construction.
   */
  timeoutMs?: number | undefined;
  /**
   * The whole token request, every attempt and every wait between them, in ms. Default 30 000,
   * or `timeoutMs` + 10 000 when that is longer (capped at 2^31-1), so that one attempt always
   * gets its whole `timeoutMs` (`timeoutMs` × 2 + 10 000 where one token request sends two one
   * after the other: an ID-JAG grant, a token exchange with an actor token): a hung IdP fails
   * after 30 s, not after four 10 s attempts and their backoff. Given, it is kept even below `timeoutMs` (an attempt then ends at this
   * deadline), as the client's `totalTimeoutMs`. A whole number from 100 to 2^31-1, else a
   * `TypeError` at construction.
   */
  totalTimeoutMs?: number | undefined;
  /** Retries of 429/5xx/network errors; `false` for none. Default 3 retries with backoff. */
  retry?: RetryOptions | false | undefined;
  /** Largest token response body read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
  /** Accepted for core's plugin loader; adapters read no environment variables. */
  env?: EnvRecord | undefined;
  /**
   * Ask for DPoP-bound access tokens (RFC 9449 §5): every token request carries a fresh proof of
   * `prover`'s key (§4.2), a `400 use_dpop_nonce` is answered once with the IdP's nonce (§8), and
   * only a `token_type` `DPoP` answer bound to that key (`cnf.jkt`, §6.1) is used — a `Bearer`
   * answer is refused as a downgrade unless `acceptUnboundTokens`. Shape
   * `{ prover: createDpopProver({ keyPair }), acceptUnboundTokens?: boolean }` (`createDpopProver`
   * from `@dual-auth/core/dpop`).
   * Default: none, Bearer tokens (a `DPoP` answer is refused).
   *
   * @throws TypeError (at construction) when it is not that shape.
   */
  dpop?: DpopOptions | undefined;
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
  readonly dpop: ResolvedDpopOptions | undefined;
}

/**
 * Defaults of the numeric options: 10 s per attempt, 30 s in all (or longer for a longer
 * `timeoutMs`: see {@link AdapterOptions.totalTimeoutMs}), 1 MiB of answer.
 */
export const ADAPTER_DEFAULTS = /* @__PURE__ */ Object.freeze({
  timeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxResponseBytes: 1_048_576,
});

/**
 * The `totalTimeoutMs` of an adapter given none, in ms: 30 000, or one `timeoutMs` for each of
 * the `tokenRequests` sent one after the other plus 10 000 when that is longer, at most 2^31-1 (a
 * timer holds no more). A per-attempt timeout past the deadline could never be waited for; the
 * 10 s beyond it sign the forms and leave a retry room after the first backoff (0.5–1 s), as the
 * client's default deadline leaves 10 s past its `timeoutMs`.
 */
function defaultTotalTimeoutMs(timeoutMs: number, tokenRequests: number): number {
  const attempts = tokenRequests * timeoutMs + 10_000;
  return Math.min(MAX_TIMER_MS, Math.max(ADAPTER_DEFAULTS.totalTimeoutMs, attempts));
}

/**
 * Unit-less names, refused so that a migrating caller's value is not silently ignored (#11), with
 * the `refuseUnknownOptions` hint of each.
 */
export const UNITLESS_HINTS: Readonly<Record<string, string>> = {
  timeout: 'use timeoutMs (milliseconds)',
  totalTimeout: 'use totalTimeoutMs (milliseconds)',
};

/** The option names of {@link AdapterOptions}, which every adapter takes. */
export const ADAPTER_OPTIONS = {
  fetch: true,
  clock: true,
  random: true,
  logger: true,
  sleep: true,
  allowInsecureLoopback: true,
  timeoutMs: true,
  totalTimeoutMs: true,
  retry: true,
  maxResponseBytes: true,
  env: true,
  dpop: true,
} as const satisfies KnownOptions<AdapterOptions>;

// A timeout is armed as a timer, and Node runs a delay past 2^31-1 ms after 1 ms (every attempt
// would time out at once) while `AbortSignal.timeout` throws on a fraction; below 100 ms is the
// Python guide's `timeout=30` (seconds) written where milliseconds go: a whole number of
// milliseconds from 100 to 2^31-1, as the client's `timeoutMs`.
function timerDelay(options: AdapterOptions, name: 'timeoutMs' | 'totalTimeoutMs') {
  checkOption(options, name, 'positive');
  return checkOption(options, name, 'timeoutMs');
}

/**
 * Checks adapter options once and returns them resolved and frozen, so a caller changing its
 * options object later does not change the adapter. Unknown fields (a vendor's own) are ignored
 * here, except `timeout` and `totalTimeout`: durations carry their unit in the name;
 * {@link BaseAdapter} refuses every name that is neither an adapter option nor one of its
 * vendor's `AdapterInit.optionNames`.
 *
 * `tokenRequests` is how many token requests one operation sends one after the other under one
 * `totalTimeoutMs` (2 for an ID-JAG grant): the default `totalTimeoutMs` gives each its whole
 * `timeoutMs`. Default 1.
 *
 * @throws TypeError on an option of the wrong type, a `timeoutMs` or `totalTimeoutMs` that is not
 *   a whole number of milliseconds from 100 to 2^31-1, a unit-less `timeout`/`totalTimeout` (the
 *   message names `timeoutMs`/`totalTimeoutMs`), or a `tokenRequests` that is not a positive
 *   integer.
 */
export function resolveAdapterOptions(
  options: AdapterOptions | undefined = {},
  tokenRequests = 1,
): ResolvedAdapterOptions {
  checkValue(options, 'options', 'object');
  checkValue(tokenRequests, 'tokenRequests', 'positiveInteger');
  for (const [name, hint] of Object.entries(UNITLESS_HINTS)) {
    if (Object.hasOwn(options, name)) {
      throw new TypeError(`options.${name} is not an adapter option: ${hint}`);
    }
  }
  checkOption(options, 'env', 'object');
  const timeoutMs = timerDelay(options, 'timeoutMs') ?? ADAPTER_DEFAULTS.timeoutMs;
  return Object.freeze({
    fetch: checkOption<typeof globalThis.fetch>(options, 'fetch', 'function'),
    clock: checkOption(options, 'clock', 'clock') ?? systemClock,
    random: checkOption<RandomBytes>(options, 'random', 'function') ?? webCryptoRandomBytes,
    logger: loggerOrDefault(checkOption(options, 'logger', 'logger')),
    sleep: checkOption<Sleep>(options, 'sleep', 'function') ?? timerSleep,
    allowInsecureLoopback: checkOption(options, 'allowInsecureLoopback', 'boolean') ?? false,
    timeoutMs,
    totalTimeoutMs:
      timerDelay(options, 'totalTimeoutMs') ?? defaultTotalTimeoutMs(timeoutMs, tokenRequests),
    retry: resolveRetryPolicy(ownOption(options, 'retry') as AdapterOptions['retry']),
    maxResponseBytes:
      checkOption(options, 'maxResponseBytes', 'positive') ?? ADAPTER_DEFAULTS.maxResponseBytes,
    dpop: checkDpopOption(ownOption(options, 'dpop')),
  });
}
