import {
  DEFAULT_CACHE_MAX_AGE_MS,
  DEFAULT_COOLDOWN_MS,
  DEFAULT_JWKS_STALE_IF_ERROR_MS,
} from './remote-jwks.js';

/** The least JWKS cooldown a verifier should accept: below it, made-up key ids force a download each. */
const MIN_JWKS_COOLDOWN_MS = 1_000;
/** setTimeout's longest delay: each age is at most this, but their sum may pass it. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The range of {@link createRemoteJwks}' `cooldownMs` a public verifier option should accept, in
 * milliseconds: from 1 000 (below, anyone sending tokens with made-up `kid`s makes a JWKS download
 * per token and hammers the IdP) to `cacheMaxAgeMs + staleIfErrorMs` (their defaults when
 * undefined; never below 1 000, never above 2^31-1, the longest timer `createRemoteJwks` takes):
 * past the time the keys may be used, one failed routine refresh leaves the verifier refusing every
 * token until the next attempt, days later at 2^31-1 ms.
 * `defaultMs`, the cooldown to use when none is given: `createRemoteJwks`' 30 000, or `maxMs` when
 * that is shorter (a short max age without stale-if-error, accepted before the range).
 * `createRemoteJwks` itself accepts 0 for tests that drive it directly.
 *
 * @example
 * const { minMs, maxMs } = jwksCooldownRangeMs(options.cacheMaxAgeMs, options.staleIfErrorMs);
 */
export function jwksCooldownRangeMs(
  cacheMaxAgeMs: number | undefined,
  staleIfErrorMs: number | undefined,
): { minMs: number; maxMs: number; defaultMs: number } {
  const usableMs =
    (cacheMaxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS) +
    (staleIfErrorMs ?? DEFAULT_JWKS_STALE_IF_ERROR_MS);
  const maxMs = Math.min(MAX_TIMER_MS, Math.max(MIN_JWKS_COOLDOWN_MS, usableMs));
  return { minMs: MIN_JWKS_COOLDOWN_MS, maxMs, defaultMs: Math.min(DEFAULT_COOLDOWN_MS, maxMs) };
}
