import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { checkOption } from '../config/check-option.js';
import { assertHttpsUrl } from './assert-https-url.js';
import { readBoundedBody } from './read-bounded-body.js';

const DEFAULT_MAX_BYTES = 256 * 1024;

/** Options of {@link createRemoteJwks}. */
export interface RemoteJwksOptions {
  /** Used for every JWKS download (e.g. one that trusts a private CA); default global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Allow `http://` for a loopback host only (local test IdPs); never for other hosts. Default false. */
  allowInsecureLoopback?: boolean;
  /** Minimum time between two downloads forced by an unknown `kid`; default 30 000 ms. */
  cooldownMs?: number;
  /** How long downloaded keys are trusted before a refresh; default 600 000 ms. */
  cacheMaxAgeMs?: number;
  /** Download timeout; default 5 000 ms. */
  timeoutMs?: number;
  /** Longest JWKS read, in bytes; default 262 144 (jose alone would buffer any size). */
  maxBytes?: number;
}

/**
 * The IdP's signing keys from its JWKS URL, cached, and downloaded again when a token names a key
 * id the cache does not have (key rotation). Create it once and reuse it for every request.
 * HTTPS only, unless `allowInsecureLoopback` and the host is the loopback. A JWKS larger than
 * `maxBytes` is not read: the key lookup rejects with a {@link BodyTooLargeError}, which callers
 * map to their own refusal.
 *
 * @throws ConfigurationError when `url` is not HTTPS (or allowed loopback HTTP).
 * @throws TypeError when `fetch` is not a function or `maxBytes` not a positive integer.
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
  const fetchImpl = options.fetch;
  return createRemoteJWKSet(parsed, {
    ...(options.cooldownMs === undefined ? {} : { cooldownDuration: options.cooldownMs }),
    ...(options.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: options.cacheMaxAgeMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutDuration: options.timeoutMs }),
    // Looked up at call time, so a fetch patched or replaced later is honoured. Only a 200 is
    // read (bounded); jose refuses any other answer without reading it.
    [customFetch]: async (input, init) => {
      const response = await (fetchImpl ?? globalThis.fetch)(input, init);
      if (response.status !== 200) return response;
      const body = await readBoundedBody(response, maxBytes, 'JWKS');
      const type = response.headers.get('content-type') ?? 'application/json';
      return new Response(body, { status: 200, headers: { 'content-type': type } });
    },
  });
}
