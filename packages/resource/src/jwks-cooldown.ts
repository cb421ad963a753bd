import { jwksCooldownRangeMs } from '@dual-auth/core/adapter-kit';

/**
 * Refuses a guard's `jwksCooldownMs` outside core's `jwksCooldownRangeMs`: 1 000 ms to
 * `jwksCacheMaxAgeMs + jwksStaleIfErrorMs` (their defaults when not given). Below, anyone sending
 * tokens with made-up `kid`s makes the guard download the JWKS once per token; above, one failed
 * routine refresh refuses every token until the next attempt.
 *
 * @throws TypeError naming `options.jwksCooldownMs`, the range and what to pass.
 */
export function checkJwksCooldownMs(
  cooldownMs: number | undefined,
  cacheMaxAgeMs: number | undefined,
  staleIfErrorMs: number | undefined,
): void {
  if (cooldownMs === undefined) return;
  const { minMs, maxMs } = jwksCooldownRangeMs(cacheMaxAgeMs, staleIfErrorMs);
  if (cooldownMs >= minMs && cooldownMs <= maxMs) return;
  throw new TypeError(
    `options.jwksCooldownMs must be from ${minMs} to ${maxMs} ms (jwksCacheMaxAgeMs + jwksStaleIfErrorMs): below, made-up key ids make a JWKS download each; above, one failed refresh refuses every token until the next; pass e.g. 30_000 (the default) or drop it`,
  );
}
