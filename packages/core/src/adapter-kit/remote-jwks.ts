import type { JWTVerifyGetKey } from 'jose';
import { JWKSNoMatchingKey } from 'jose/errors';
import { checkOption } from '../config/check-option.js';
import { type KnownOptions, refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import { loggerOrDefault } from '../logging/default-logger.js';
import { assertHttpsUrl } from './assert-https-url.js';
import { downloadJwks, type JwksDownload, type LocalJwks } from './download-jwks.js';
import { permissionRefusal } from './permission-refusal.js';
import { tlsTrustFailure } from './tls-trust-failure.js';

const DEFAULT_MAX_BYTES = 262_144; // 256 * 1024
export const DEFAULT_COOLDOWN_MS = 30_000;
export const DEFAULT_CACHE_MAX_AGE_MS = 600_000;
const DEFAULT_TIMEOUT_MS = 5_000;
// The first retry after a failed download while no key is held; each failure doubles it.
const FIRST_RETRY_MS = 1_000;

/**
 * Default of {@link RemoteJwksOptions.staleIfErrorMs}: one hour, the default
 * `LastKnownGoodLifetime` of Microsoft.IdentityModel's `BaseConfigurationManager` (the keys of the
 * last good metadata are used that long when a refresh fails).
 */
export const DEFAULT_JWKS_STALE_IF_ERROR_MS = 3_600_000;

/** Options of {@link createRemoteJwks}. */
export interface RemoteJwksOptions {
  /** Used for every JWKS download (e.g. one that trusts a private CA); default global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Allow `http://` for a loopback host only (local test IdPs); never for other hosts. Default false. */
  allowInsecureLoopback?: boolean;
  /**
   * Minimum time between two downloads forced by an unknown `kid`, and between two attempts while
   * the IdP cannot be reached; default 30 000 ms. Before any key is held, a failed download is
   * retried sooner: after 1 000 ms, doubling per failure up to this.
   */
  cooldownMs?: number;
  /** How long downloaded keys are trusted before a refresh; default 600 000 ms. */
  cacheMaxAgeMs?: number;
  /**
   * How long past `cacheMaxAgeMs` the keys already held keep verifying while refreshes cannot
   * reach the IdP (network error, timeout, HTTP 5xx, 408 or 429); default 3 600 000 ms
   * ({@link DEFAULT_JWKS_STALE_IF_ERROR_MS}), 0 turns it off. Not used when the IdP answers
   * something else (another status, a malformed document). Trade-off: a key the IdP withdrew
   * while it could not be reached stays trusted up to this long.
   */
  staleIfErrorMs?: number;
  /** Download timeout; default 5 000 ms. */
  timeoutMs?: number;
  /** Longest JWKS read, in bytes; default 262 144 (jose alone would buffer any size). */
  maxBytes?: number;
  /** Ages the keys; default the system clock. */
  clock?: Clock;
  /**
   * Gets `jwks_refresh_failed` (warn) once per failed download, with `tls_failure` (the check's
   * code) and `advice` when the IdP's certificate was refused; default core's default logger.
   */
  logger?: Logger;
}

const OPTIONS = {
  fetch: true,
  allowInsecureLoopback: true,
  cooldownMs: true,
  cacheMaxAgeMs: true,
  staleIfErrorMs: true,
  timeoutMs: true,
  maxBytes: true,
  clock: true,
  logger: true,
} as const satisfies KnownOptions<RemoteJwksOptions>;

type Failure = Extract<JwksDownload, { ok: false }>;

// Cloudflare Workers cannot await an I/O promise begun by another request (jose does the same).
function sharesDownloads(): boolean {
  return typeof navigator === 'undefined' || navigator.userAgent !== 'Cloudflare-Workers';
}

// An age is compared with the clock, never armed as a timer: any whole number of ms, or Infinity
// (jose's "never expire"), as 0.x took them (upgrade review upg12).
function ageOption(
  options: RemoteJwksOptions,
  name: 'cacheMaxAgeMs' | 'staleIfErrorMs',
): number | undefined {
  if (!Object.hasOwn(options, name) || options[name] === undefined) return undefined;
  const value = options[name];
  if (value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value >= 0))
    return value;
  throw new TypeError(
    `createRemoteJwks: ${name} must be a whole number of milliseconds ≥ 0, or Infinity (got ${typeof value === 'number' ? value : typeof value})`,
  );
}

/**
 * The IdP's signing keys from its JWKS URL, cached, and downloaded again when a token names a key
 * id the cache does not have (key rotation) or the keys are older than `cacheMaxAgeMs`. Create it
 * once and reuse it for every request: concurrent lookups share one download. HTTPS only, unless
 * `allowInsecureLoopback` and the host is the loopback. A JWKS larger than `maxBytes` is not
 * read: the key lookup rejects with a {@link BodyTooLargeError}, which callers map to their own
 * refusal.
 *
 * When the IdP is down (a refresh meets a network error, a timeout, an HTTP 5xx, or a 408 or 429:
 * "not now", e.g. a rate limit), the keys already held keep verifying for `staleIfErrorMs` past
 * their max age (stale-if-error, RFC 5861 §4; Microsoft.IdentityModel's last known good), the
 * IdP is asked again at most once per `cooldownMs` whatever the traffic, in the background: a
 * lookup served from the held keys never waits for that retry (stale-while-revalidate, RFC 5861
 * §3); only a lookup that nothing held can serve (no key yet, past the bound, a key id the held
 * set lacks) waits for a download, when one is due. Before any key is held a lookup rejects with the last
 * download's error, and the IdP is asked again after 1 s, doubling per failure up to
 * `cooldownMs`. Each failed download is logged once (`jwks_refresh_failed`, with the JWKS host
 * only, and the TLS check that failed when the IdP's certificate was refused), and the first good answer replaces the keys. A token naming a key the held set lacks is
 * refused with the download's error (an outage, never `unknown_key`).
 * Past that bound, or when the IdP answers something that is not a JWKS, the lookup rejects
 * with the download's error. Trade-off: a key the IdP withdrew while unreachable stays trusted
 * up to `staleIfErrorMs`; pass 0 to refuse as soon as the max age is reached.
 *
 * Ages are measured so that a wall clock stepped back never extends trust (a time before the
 * last download counts as expired) nor delays the next download (it ends any wait). At most one download
 * is in flight, except on Cloudflare Workers, where requests cannot share one: there a download
 * finishing after a newer one is dropped, so an older key set never replaces a newer one.
 *
 * jose's `createRemoteJWKSet` is not used: past its max age it downloads on every lookup and has
 * no stale-if-error; jose still reads and selects the keys (`createLocalJWKSet`).
 *
 * @throws ConfigurationError when `url` is not HTTPS (or allowed loopback HTTP).
 * @throws TypeError when an option is not one of {@link RemoteJwksOptions} (a misspelled
 *   `staleIfErrorMS` would silently keep the default), `fetch` is not a function, `maxBytes` not
 *   a positive integer, or a duration not a whole number of milliseconds (`timeoutMs` at least
 *   100; `cacheMaxAgeMs` and `staleIfErrorMs` may also be `Infinity`).
 * @example
 * const keys = createRemoteJwks('https://login.microsoftonline.com/common/discovery/v2.0/keys');
 */
export function createRemoteJwks(
  url: string | URL,
  options: RemoteJwksOptions = {},
): JWTVerifyGetKey {
  refuseUnknownOptions(options, OPTIONS, 'createRemoteJwks');
  const parsed = assertHttpsUrl(url, {
    name: 'jwksUri',
    allowInsecureLoopback: checkOption(options, 'allowInsecureLoopback', 'boolean') === true,
  });
  const maxBytes = checkOption(options, 'maxBytes', 'positiveInteger') ?? DEFAULT_MAX_BYTES;
  const cooldownMs = checkOption(options, 'cooldownMs', 'milliseconds') ?? DEFAULT_COOLDOWN_MS;
  const maxAgeMs = ageOption(options, 'cacheMaxAgeMs') ?? DEFAULT_CACHE_MAX_AGE_MS;
  const staleMs = ageOption(options, 'staleIfErrorMs') ?? DEFAULT_JWKS_STALE_IF_ERROR_MS;
  const timeoutMs = checkOption(options, 'timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  const fetchImpl = checkOption<typeof fetch>(options, 'fetch', 'function');

  let keys: LocalJwks | undefined;
  let fetchedAt = 0;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  // The last download's failure, until a download succeeds.
  let failure: Failure | undefined;
  // Failed downloads in a row while no key is held, for the cold-start backoff.
  let coldFailures = 0;
  let pending: Promise<void> | undefined;
  // Downloads are numbered as they start; an outcome is kept only when its download started after
  // the one whose outcome was kept (on Workers an older download may finish last).
  let started = 0;
  let kept = 0;

  // A clock stepped back never extends trust: a time before the download counts as expired...
  const ageMs = (now: number): number =>
    now < fetchedAt ? Number.POSITIVE_INFINITY : now - fetchedAt;
  // ...and ends any wait, so a fresh instance is not locked out for the length of the step.
  const sinceAttemptMs = (now: number): number =>
    now < attemptedAt ? Number.POSITIVE_INFINITY : now - attemptedAt;
  // With no key held every request fails: retry sooner at first, backing off to cooldownMs.
  const retryWaitMs = (): number =>
    keys === undefined
      ? Math.min(cooldownMs, FIRST_RETRY_MS * 2 ** Math.max(0, coldFailures - 1))
      : cooldownMs;
  const servesStale = (now: number): boolean =>
    keys !== undefined && failure?.unreachable === true && ageMs(now) < maxAgeMs + staleMs;

  const keep = (outcome: JwksDownload): void => {
    if (outcome.ok) {
      keys = outcome.keys;
      fetchedAt = clock.now();
      failure = undefined;
      coldFailures = 0;
      return;
    }
    failure = outcome;
    if (keys === undefined) coldFailures += 1;
  };
  const download = async (): Promise<void> => {
    started += 1;
    const number = started;
    attemptedAt = clock.now();
    // Looked up at call time, so a fetch patched or replaced later is honoured.
    const outcome = await downloadJwks(parsed, {
      // The global fetch called as a function: workerd refuses it called on another object.
      fetch: fetchImpl ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs,
      maxBytes,
    });
    if (number > kept) {
      kept = number;
      keep(outcome);
    }
    if (outcome.ok) return;
    // An untrusted certificate, or a host Deno may not reach, is configuration, not an outage:
    // say which check and what to do.
    const tls = tlsTrustFailure(outcome.error);
    const refused = permissionRefusal(outcome.error);
    logger.warn('jwks_refresh_failed', {
      jwks_host: parsed.host,
      unreachable: outcome.unreachable,
      status: outcome.status,
      serving_last_known_good: servesStale(clock.now()),
      ...(tls === undefined ? {} : { tls_failure: tls.code, advice: tls.advice }),
      ...(refused === undefined ? {} : { runtime_refusal: refused.code, advice: refused.advice }),
    });
  };
  const refresh = (): Promise<void> => {
    if (pending !== undefined && sharesDownloads()) return pending;
    const current = download().finally(() => {
      if (pending === current) pending = undefined;
    });
    pending = current;
    return current;
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    let now = clock.now();
    let revalidation: Promise<void> | undefined;
    // After a failed download the IdP is asked again only once the wait has passed, also when no
    // key is held yet: an outage never becomes one download per request.
    const mayAsk = failure === undefined || sinceAttemptMs(now) >= retryWaitMs();
    if (mayAsk && (keys === undefined || ageMs(now) >= maxAgeMs)) {
      if (servesStale(now)) {
        // Stale-while-revalidate (RFC 5861 §3): the held keys are served while the retry runs;
        // download() keeps its outcome, and a throwing logger must not go unhandled.
        revalidation = refresh().catch(() => undefined);
      } else {
        await refresh();
        now = clock.now();
      }
    }
    if (keys === undefined) throw failure?.error;
    if (failure !== undefined && ageMs(now) >= maxAgeMs && !servesStale(now)) {
      throw failure.error;
    }
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof JWKSNoMatchingKey)) throw error;
      // Nothing held serves this key id: wait for the retry this lookup began (the IdP may be
      // back, with a rotated set), else ask at most once per cooldown. A key id the held set
      // lacks while the IdP is down is an outage, not a forgery.
      if (revalidation !== undefined) await revalidation;
      else if (sinceAttemptMs(now) < cooldownMs) {
        throw failure?.unreachable ? failure.error : error;
      } else await refresh();
      if (failure !== undefined) throw failure.error;
      return keys(header, token);
    }
  };
  return getKey;
}
