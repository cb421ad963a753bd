import type { JWTVerifyGetKey } from 'jose';
import { JWKSNoMatchingKey } from 'jose/errors';
import { checkOption } from '../config/check-option.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import { loggerOrDefault } from '../logging/default-logger.js';
import { assertHttpsUrl } from './assert-https-url.js';
import { downloadJwks, type JwksDownload, type LocalJwks } from './download-jwks.js';

const DEFAULT_MAX_BYTES = 256 * 1024;
const DEFAULT_COOLDOWN_MS = 30_000;
const DEFAULT_CACHE_MAX_AGE_MS = 600_000;
const DEFAULT_TIMEOUT_MS = 5_000;

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
   * the IdP cannot be reached; default 30 000 ms.
   */
  cooldownMs?: number;
  /** How long downloaded keys are trusted before a refresh; default 600 000 ms. */
  cacheMaxAgeMs?: number;
  /**
   * How long past `cacheMaxAgeMs` the keys already held keep verifying while refreshes cannot
   * reach the IdP (network error, timeout, HTTP 5xx); default 3 600 000 ms
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
  /** Gets `jwks_refresh_failed` (warn) once per failed download; default core's default logger. */
  logger?: Logger;
}

type Failure = Extract<JwksDownload, { ok: false }>;

// Cloudflare Workers cannot await an I/O promise begun by another request (jose does the same).
function sharesDownloads(): boolean {
  return typeof navigator === 'undefined' || navigator.userAgent !== 'Cloudflare-Workers';
}

/**
 * The IdP's signing keys from its JWKS URL, cached, and downloaded again when a token names a key
 * id the cache does not have (key rotation) or the keys are older than `cacheMaxAgeMs`. Create it
 * once and reuse it for every request: concurrent lookups share one download. HTTPS only, unless
 * `allowInsecureLoopback` and the host is the loopback. A JWKS larger than `maxBytes` is not
 * read: the key lookup rejects with a {@link BodyTooLargeError}, which callers map to their own
 * refusal.
 *
 * When the IdP is down (a refresh meets a network error, a timeout or an HTTP 5xx), the keys
 * already held keep verifying for `staleIfErrorMs` past their max age (stale-if-error, RFC 5861
 * §4; Microsoft.IdentityModel's last known good), the IdP is asked again at most once per
 * `cooldownMs` whatever the traffic (also before any key is held: a lookup then rejects with the
 * last download's error), each failed download is logged once (`jwks_refresh_failed`, with the
 * JWKS host only), and the first good answer replaces the keys. A token naming a key
 * the held set lacks is refused with the download's error (an outage, never `unknown_key`).
 * Past that bound, or when the IdP answers something that is not a JWKS, the lookup rejects
 * with the download's error. Trade-off: a key the IdP withdrew while unreachable stays trusted
 * up to `staleIfErrorMs`; pass 0 to refuse as soon as the max age is reached.
 *
 * jose's `createRemoteJWKSet` is not used: past its max age it downloads on every lookup and has
 * no stale-if-error; jose still reads and selects the keys (`createLocalJWKSet`).
 *
 * @throws ConfigurationError when `url` is not HTTPS (or allowed loopback HTTP).
 * @throws TypeError when `fetch` is not a function, `maxBytes` not a positive integer, or a
 *   duration not a whole number of milliseconds (`timeoutMs` at least 100).
 * @example
 * const keys = createRemoteJwks('https://login.microsoftonline.com/common/discovery/v2.0/keys');
 */
export function createRemoteJwks(
  url: string | URL,
  options: RemoteJwksOptions = {},
): JWTVerifyGetKey {
  const parsed = assertHttpsUrl(url, {
    name: 'jwksUri',
    allowInsecureLoopback: options.allowInsecureLoopback === true,
  });
  checkOption(options, 'fetch', 'function');
  const maxBytes = checkOption(options, 'maxBytes', 'positiveInteger') ?? DEFAULT_MAX_BYTES;
  const cooldownMs = checkOption(options, 'cooldownMs', 'milliseconds') ?? DEFAULT_COOLDOWN_MS;
  const maxAgeMs =
    checkOption(options, 'cacheMaxAgeMs', 'milliseconds') ?? DEFAULT_CACHE_MAX_AGE_MS;
  const staleMs =
    checkOption(options, 'staleIfErrorMs', 'milliseconds') ?? DEFAULT_JWKS_STALE_IF_ERROR_MS;
  const timeoutMs = checkOption(options, 'timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  const fetchImpl = options.fetch;

  let keys: LocalJwks | undefined;
  let fetchedAt = 0;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  // The last download's failure, until a download succeeds.
  let failure: Failure | undefined;
  let pending: Promise<void> | undefined;

  const servesStale = (now: number): boolean =>
    keys !== undefined && failure?.unreachable === true && now - fetchedAt < maxAgeMs + staleMs;

  const download = async (): Promise<void> => {
    attemptedAt = clock.now();
    // Looked up at call time, so a fetch patched or replaced later is honoured.
    const outcome = await downloadJwks(parsed, {
      fetch: fetchImpl ?? globalThis.fetch,
      timeoutMs,
      maxBytes,
    });
    if (outcome.ok) {
      keys = outcome.keys;
      fetchedAt = clock.now();
      failure = undefined;
      return;
    }
    failure = outcome;
    logger.warn('jwks_refresh_failed', {
      jwks_host: parsed.host,
      unreachable: outcome.unreachable,
      status: outcome.status,
      serving_last_known_good: servesStale(clock.now()),
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
    // After a failed download the IdP is asked again only once the cooldown has passed, also
    // when no key is held yet: an outage never becomes one download per request.
    const mayAsk = failure === undefined || now - attemptedAt >= cooldownMs;
    if (mayAsk && (keys === undefined || now - fetchedAt >= maxAgeMs)) {
      await refresh();
      now = clock.now();
    }
    if (keys === undefined) throw failure?.error;
    if (failure !== undefined && now - fetchedAt >= maxAgeMs && !servesStale(now)) {
      throw failure.error;
    }
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof JWKSNoMatchingKey)) throw error;
      // A key id the held set lacks, while the IdP is down: an outage, not a forgery.
      if (now - attemptedAt < cooldownMs) throw failure?.unreachable ? failure.error : error;
      await refresh();
      if (failure !== undefined) throw failure.error;
      return keys(header, token);
    }
  };
  return getKey;
}
