import {
  type Clock,
  checkOption,
  checkValue,
  defaultLogger,
  type KnownOptions,
  type Logger,
  type LogSwitchMemo,
  loggerOrDefault,
  noopLogger,
  type RandomBytes,
  readOptions,
  refuseUnknownOptions,
  systemClock,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import { type Sleep, timerSleep } from '@dual-auth/core/adapter-kit';
import { resolveAllowedOrigins } from './allowed-origins.js';
import type { ApiCallHooks } from './api-call-hooks.js';
import {
  type ApiCallRetryOptions,
  type ApiCallRetryPolicy,
  resolveApiCallRetryPolicy,
} from './retry-policy.js';
import { type UncheckedIdentityNote, uncheckedIdentityNote } from './unchecked-identity-note.js';

/**
 * The default of {@link ApiCallOptions.timeoutMs}, in milliseconds: how long each request waits
 * for its answer's headers. `@dual-auth/mcp`'s `dualAuthFetch` and `withDualAuthTool` default their
 * `timeoutMs` to it too.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The default of {@link ApiCallOptions.maxResponseBytes}: 16 MiB (16 777 216 bytes) of decoded
 * body. Above what common gateways pass on at all (AWS API Gateway 10 MB, a Lambda function's
 * answer 6 MB) and a thousand times an ordinary JSON answer, so JSON, pages of results and
 * file-sized answers read as before; small enough that an answer and its copy stay far below the
 * 128 MB an edge isolate gets (Cloudflare Workers' memory limit), so a gzip bomb (about 1000:1)
 * cannot take the process down.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16_777_216; // 16 * 1024 * 1024 written out: an unused literal tree-shakes, a product does not

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
   * request and redirect, every wait before a retry, and reading the response body. Default 60 000,
   * or `timeoutMs` + 10 000 when that is longer, so one request always gets its whole timeout.
   */
  totalTimeoutMs?: number | undefined;
  /** Retries; `false` for one attempt only. */
  retry?: ApiCallRetryOptions | false | undefined;
  /**
   * Same-scheme redirects followed per attempt. Default 5; 0 returns a 3xx as it is. A whole number
   * from 0 to 20, else a `TypeError`.
   */
  maxRedirects?: number | undefined;
  /**
   * A provider's token this close (ms) to expiry is renewed before the call; at most a quarter of
   * the token's lifetime, so short-lived tokens are still reused. Default 30 000.
   */
  expiryLeewayMs?: number | undefined;
  /**
   * The most bytes of a returned answer's body that its readers (`arrayBuffer()`, `blob()`,
   * `bytes()`, `formData()`, `json()`, `text()`) take, counted after its `Content-Encoding` is
   * decoded. Past it (or with a `Content-Length` above it) the reader rejects with an
   * `ApiCallError` `reason: 'too_large'` and the body is cancelled, so a gzip bomb or an endless
   * body cannot exhaust memory. Default {@link DEFAULT_MAX_RESPONSE_BYTES} (16 MiB). A positive
   * integer, or `Infinity` for no bound (the deadline still applies); else a `TypeError`. `body`,
   * read as a stream by the caller, is not counted: the caller decides how much to keep.
   */
  maxResponseBytes?: number | undefined;
  /** Accept `http:` API URLs on a loopback host (local tests only). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  /**
   * The only origins the client calls, as URLs or origins (`['https://api.example.com']`; only
   * scheme, host and port count): `callApi` refuses a URL of any other origin with
   * `OriginRefusedError` before a token is asked for or anything is sent, and refuses a redirect
   * to one the same way without following it. Give it whenever the URL can come from a model, a
   * tool result or a user. Default: any HTTPS origin.
   */
  allowedOrigins?: readonly (string | URL)[] | undefined;
  hooks?: ApiCallHooks | undefined;
  /** The fetch to send with. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * The clock of the deadline, timeouts and `Retry-After` dates (core's `ClockTimer` times them
   * on it). Default: the system clock. A clock with `setTimer` (a test's held clock) ends a call
   * by them only when moved, however long real time runs. One without it whose `now()` stands still
   * (reads the same) while real time runs the wait left and as long again, and at least 5 000 ms
   * past it, ends the call with an `ApiCallError` (reason `'deadline'`) saying the injected clock
   * did not move: let it advance, or give it `setTimer` (core's `Clock.setTimer`).
   */
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  /**
   * How backoff and `Retry-After` waits are slept. Default: core's `timerSleep`. Its wait is
   * bounded by the call's `totalTimeoutMs`: one that has not settled by then is left behind and
   * the call ends with an `ApiCallError` (reason `'deadline'`).
   */
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
  /** Bytes a returned body's readers take; `Infinity`: no bound. */
  readonly maxResponseBytes: number;
  readonly allowInsecureLoopback: boolean;
  /** The origins of `allowedOrigins`; undefined: any. */
  readonly allowedOrigins: ReadonlySet<string> | undefined;
  readonly hooks: ApiCallHooks;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly sleep: Sleep;
  readonly logger: Logger;
  /** Logs once per client that a call's identity could not be checked against its token. */
  readonly uncheckedIdentity: UncheckedIdentityNote;
}

const OPTIONS = {
  timeoutMs: true,
  totalTimeoutMs: true,
  retry: true,
  maxRedirects: true,
  expiryLeewayMs: true,
  maxResponseBytes: true,
  allowInsecureLoopback: true,
  allowedOrigins: true,
  hooks: true,
  fetch: true,
  clock: true,
  random: true,
  sleep: true,
  logger: true,
} as const satisfies KnownOptions<ApiCallOptions>;

const HOOKS = {
  onRequestStart: true,
  onRequestEnd: true,
} as const satisfies KnownOptions<ApiCallHooks>;

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
 * @param where - The class being constructed, as errors name it (`new InSessionApiCall`).
 * @throws TypeError on a wrong type or range, on an option name of 0.1.0 (`timeout`,
 * `totalTimeout`, `expiryLeeway`), naming the one to use, or on any other key that is not an
 * option (also in `hooks`).
 */
export function resolveApiCallOptions(
  options: ApiCallOptions | undefined,
  where = 'new ApiCall',
): ResolvedApiCallOptions {
  const given = options ?? {};
  checkValue(given, 'options', 'object');
  // Own options only: a retry on a polluted Object.prototype would repeat every POST.
  const o = readOptions(given, OPTIONS, where, RENAMED);
  const maxRedirects = o.maxRedirects ?? 5;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0 || maxRedirects > 20) {
    throw new TypeError('options.maxRedirects must be an integer from 0 to 20');
  }
  const hooks = checkOption<ApiCallHooks>(o, 'hooks', 'object') ?? {};
  refuseUnknownOptions(hooks, HOOKS, `${where}: hooks`);
  checkValue(hooks.onRequestStart, 'options.hooks.onRequestStart', 'function');
  checkValue(hooks.onRequestEnd, 'options.hooks.onRequestEnd', 'function');
  const allowInsecureLoopback = checkOption(o, 'allowInsecureLoopback', 'boolean') ?? false;
  const timeoutMs = checkOption<number>(o, 'timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const logger = loggerOrDefault(checkOption(o, 'logger', 'logger'));
  return Object.freeze({
    timeoutMs,
    // Never shorter than one request and 10 s for its body: a timeout past the deadline could
    // never be waited for (the Python guide's InSessionAPICall(timeout=90) for a slow API).
    totalTimeoutMs:
      checkOption(o, 'totalTimeoutMs', 'timeoutMs') ?? Math.max(60_000, timeoutMs + 10_000),
    retry: resolveApiCallRetryPolicy(o.retry),
    maxRedirects,
    expiryLeewayMs: checkOption(o, 'expiryLeewayMs', 'milliseconds') ?? 30_000,
    maxResponseBytes:
      o.maxResponseBytes === Number.POSITIVE_INFINITY
        ? o.maxResponseBytes
        : (checkOption(o, 'maxResponseBytes', 'positiveInteger') ?? DEFAULT_MAX_RESPONSE_BYTES),
    allowInsecureLoopback,
    allowedOrigins: resolveAllowedOrigins(o.allowedOrigins, allowInsecureLoopback),
    hooks: Object.freeze({
      onRequestStart: hooks.onRequestStart,
      onRequestEnd: hooks.onRequestEnd,
    }),
    fetch: checkOption<typeof globalThis.fetch>(o, 'fetch', 'function'),
    clock: checkOption(o, 'clock', 'clock') ?? systemClock,
    random: checkOption<RandomBytes>(o, 'random', 'function') ?? webCryptoRandomBytes,
    sleep: checkOption<Sleep>(o, 'sleep', 'function') ?? timerSleep,
    logger,
    uncheckedIdentity: uncheckedIdentityNote(logger),
  });
}

/**
 * `options` for one call: the default logger (which picks its target from `DUAL_AUTH_LOG` or
 * `setDefaultLogger` on every event) resolved once, so a call reads the environment at most once
 * and not once per event, and its audit record is skipped when nobody logs. `logSwitch` is the
 * client's own: it reads `DUAL_AUTH_LOG` again only once `options.clock` moved on a second, every
 * 1000th call, or after `setDefaultLogger` (reading `process.env` on Node is a C++ call, paid by
 * every call otherwise). `last` is what the client's previous call got: while the default logger
 * resolves to the same target, it is returned again (no copy of the options per call).
 *
 * @throws ConfigurationError when `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL` holds a wrong value.
 */
export function optionsForCall(
  options: ResolvedApiCallOptions,
  logSwitch: LogSwitchMemo,
  last?: ResolvedApiCallOptions,
): ResolvedApiCallOptions {
  if (options.logger !== defaultLogger) return options;
  const logger = logSwitch.activeLogger(defaultLogger, options.clock.now()) ?? noopLogger;
  return last?.logger === logger ? last : { ...options, logger };
}
