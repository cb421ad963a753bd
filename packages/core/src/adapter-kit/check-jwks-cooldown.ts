import { jwksCooldownRangeMs } from './jwks-cooldown-range.js';

/** A public verifier's JWKS timing options, in the unit its names carry. */
export interface JwksCooldownOption {
  /** The cooldown option as the caller spells it in messages, e.g. `options.jwksCooldownMs`. */
  name: string;
  /** The unit of `cooldown`, `cacheMaxAge` and `staleIfError`. */
  unit: 'ms' | 'seconds';
  /** The names of the max-age and stale-if-error options, e.g. `jwksCacheMaxAgeMs + jwksStaleIfErrorMs`. */
  rangeNames: string;
  /** The cooldown the caller gave, if any, in `unit`. */
  cooldown: number | undefined;
  /** The cache max age the caller gave, if any, in `unit`. */
  cacheMaxAge: number | undefined;
  /** The stale-if-error window the caller gave, if any, in `unit`. */
  staleIfError: number | undefined;
}

/**
 * Checks a verifier's JWKS cooldown option against {@link jwksCooldownRangeMs}, in the option's
 * own unit, and returns the cooldown to use in milliseconds (the given one, or the range's
 * default). Below the range, anyone sending tokens with made-up `kid`s makes a JWKS download per
 * token; above it, one failed routine refresh refuses every token until the next attempt.
 *
 * @throws TypeError naming the option, the range in its unit and what to pass.
 * @example
 * const cooldownMs = checkJwksCooldown({
 *   name: 'options.jwksCooldownMs',
 *   unit: 'ms',
 *   rangeNames: 'jwksCacheMaxAgeMs + jwksStaleIfErrorMs',
 *   cooldown: options.jwksCooldownMs,
 *   cacheMaxAge: options.jwksCacheMaxAgeMs,
 *   staleIfError: options.jwksStaleIfErrorMs,
 * });
 */
export function checkJwksCooldown(option: JwksCooldownOption): number {
  const perUnitMs = option.unit === 'ms' ? 1 : 1000;
  const toMs = (value: number | undefined) => (value === undefined ? undefined : value * perUnitMs);
  const { minMs, maxMs, defaultMs } = jwksCooldownRangeMs(
    toMs(option.cacheMaxAge),
    toMs(option.staleIfError),
  );
  const givenMs = toMs(option.cooldown);
  if (givenMs === undefined) return defaultMs;
  if (givenMs >= minMs && givenMs <= maxMs) return Math.round(givenMs);
  const unit = option.unit === 'ms' ? 'ms' : 's';
  const range = `${minMs / perUnitMs} to ${maxMs / perUnitMs} ${unit}`;
  throw new TypeError(
    `${option.name} must be from ${range} (${option.rangeNames}): below, made-up key ids make a JWKS download each; above, one failed refresh refuses every token until the next; pass e.g. ${asLiteral(defaultMs / perUnitMs)} (the default) or drop it`,
  );
}

/** `30000` as the literal a caller would type, `30_000`. */
function asLiteral(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}
