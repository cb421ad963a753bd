import { checkValue, requireValue } from '../config/check-option.js';
import { cutoffIssuedAtSeconds } from '../contracts/iat-backdate.js';
import { refuseJwt } from './jwt-refusal.js';

/** What the registered claims of a JWT are checked against (RFC 7519 §4.1). */
export interface JwtClaimRules {
  /** Names the credential in messages: `Access token`, `Act JWT` (`JWT` when left out). */
  readonly label: string;
  /** Expected `iss`, one of a list; unchecked when undefined (the caller binds it itself). */
  readonly issuer?: string | readonly string[] | undefined;
  /** Expected `aud`: the token's `aud` (a string or an array) must name one of these. */
  readonly audience: string | readonly string[];
  /** Now, in milliseconds since the epoch. */
  readonly nowMs: number;
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. */
  readonly clockToleranceSeconds: number;
  /**
   * Longest lifetime accepted, in seconds: `exp` minus `iat` plus `iatBackdateSeconds`; unbounded
   * when undefined.
   */
  readonly maxLifetimeSeconds?: number | undefined;
  /**
   * The option a reader raises to accept longer-lived tokens, named in the `ttl_too_long`
   * message: the verifier's own name for `maxLifetimeSeconds` (`maxTokenLifetimeSeconds` for
   * `@dual-auth/resource`'s access tokens). Default `maxLifetimeSeconds`.
   */
  readonly maxLifetimeOption?: string | undefined;
  /**
   * How far before minting the IdP dates `iat` (`TokenProfile.iatBackdateSeconds`: Entra ID's is
   * 300), in seconds, 0 to `MAX_IAT_BACKDATE_SECONDS` (600); default 0. The lifetime counts from
   * `iat` plus this, as a delegation cut-off does ({@link cutoffIssuedAtSeconds}), so a token
   * whose `exp - iat` is this much over `maxLifetimeSeconds` is accepted: the trade, at most 600 s
   * over the cap, for an IdP that says it backdates.
   */
  readonly iatBackdateSeconds?: number | undefined;
  /** Require a `jti` (a non-empty string of at most 256 characters) for replay checks. */
  readonly requireJti?: boolean | undefined;
  /**
   * The phrase after `label` of an `exp` passed (`expired`), naming the credential's own remedy
   * (an act JWT: `has expired ("exp"): sign a new act JWT for each request…`). Default: core's,
   * `has expired ("exp"): get a new one; if new ones are refused too, check the clocks (NTP)`.
   */
  readonly expired?: string | undefined;
}

/** The registered claims every verified token has. */
export interface CheckedJwtClaims {
  /** Seconds since the epoch. */
  readonly exp: number;
  /** Seconds since the epoch. */
  readonly iat: number;
  /** Present when `requireJti` was set. */
  readonly jti: string | undefined;
}

/** Longest `jti` kept by a replay store. */
export const MAX_JTI_LENGTH = 256;

function list(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

/**
 * How the refusals of {@link checkJwtWindow} read after the credential's label: core's own
 * wording by default; a credential with a remedy to name (a DPoP proof: "make a new proof for
 * each request") gives its own.
 */
export interface JwtWindowWording {
  /** For a date claim that is present but not a finite number (`malformed`). */
  readonly notANumber: (claim: 'exp' | 'iat' | 'nbf') => string;
  /** For an `exp` passed, beyond the leeway (`expired`). */
  readonly expired: string;
  /** For an `nbf` not reached, beyond the leeway (`not_yet_valid`). */
  readonly notYetValid: string;
}

const WORDING: JwtWindowWording = {
  notANumber: (claim) => `has a "${claim}" claim that is not a number of seconds`,
  // RFC 7519 §4.1.4. A new credential is the fix; a fresh one refused too, a clock that is off.
  expired:
    'has expired ("exp"): get a new one; if new ones are refused too, check the clocks (NTP)',
  notYetValid: 'is not valid yet',
};

function numericDate(
  claims: Record<string, unknown>,
  claim: 'exp' | 'iat' | 'nbf',
  label: string,
  wording: JwtWindowWording = WORDING,
): number | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  // JSON numbers such as 1e999 parse to Infinity: a token that never expires is malformed.
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    refuseJwt(label, 'malformed', wording.notANumber(claim), { claim });
  }
  return value;
}

/**
 * Checks the validity window a JWT's own `exp` and `nbf` give, each when present (RFC 7519
 * §4.1.4, §4.1.5): `exp` must be a finite NumericDate (seconds) after now minus the leeway, `nbf`
 * one at most now plus the leeway. {@link checkJwtClaims} checks every token's so; a credential
 * with no other registered claim required (a DPoP proof, RFC 9449 §4.2) calls it alone.
 *
 * @param claims - The signature-verified payload.
 * @param label - Names the credential in messages (`DPoP proof`).
 * @param nowSeconds - Now, in seconds since the epoch: a finite number, which the caller checks
 *   (a NaN would accept every token).
 * @param leewaySeconds - The clock skew allowed, in seconds, checked by the caller likewise.
 * @param wording - The refusals' phrases; core's by default.
 * @throws ActVerificationError `malformed` for an `exp` or `nbf` that is not a finite number,
 *   then `expired`, then `not_yet_valid`, naming the claim.
 */
export function checkJwtWindow(
  claims: Record<string, unknown>,
  label: string,
  nowSeconds: number,
  leewaySeconds: number,
  wording: JwtWindowWording = WORDING,
): void {
  const exp = numericDate(claims, 'exp', label, wording);
  const nbf = numericDate(claims, 'nbf', label, wording);
  if (exp !== undefined && exp <= nowSeconds - leewaySeconds) {
    refuseJwt(label, 'expired', wording.expired, { claim: 'exp' });
  }
  if (nbf !== undefined && nbf > nowSeconds + leewaySeconds) {
    refuseJwt(label, 'not_yet_valid', wording.notYetValid, { claim: 'nbf' });
  }
}

function required(value: number | undefined, claim: string, label: string): number {
  if (value === undefined) refuseJwt(label, 'missing_claim', `has no "${claim}" claim`, { claim });
  return value;
}

const withoutTrailingSlash = (issuer: string): string => issuer.replace(/\/$/, '');

// Issuers compare exactly (RFC 8414 §3.3, RFC 9068 §4), so a setting copied with or without the
// IdP's trailing slash refuses every token: say so, quoting neither issuer.
function wrongIssuerPhrase(iss: unknown, expected: readonly string[]): string {
  const bare = typeof iss === 'string' ? withoutTrailingSlash(iss) : undefined;
  if (bare === undefined || !expected.some((issuer) => withoutTrailingSlash(issuer) === bare)) {
    return 'has an unexpected issuer';
  }
  return 'has an unexpected issuer ("iss"): it differs from the expected one by a trailing slash only; set the issuer exactly as the IdP metadata writes it (RFC 8414 §3.3)';
}

function checkIssuerAndAudience(claims: Record<string, unknown>, rules: JwtClaimRules): void {
  const { label } = rules;
  if (rules.issuer !== undefined) {
    if (claims.iss === undefined) {
      refuseJwt(label, 'missing_claim', 'has no "iss" claim', { claim: 'iss' });
    }
    const expected = list(rules.issuer);
    if (!expected.includes(claims.iss as string)) {
      refuseJwt(label, 'wrong_issuer', wrongIssuerPhrase(claims.iss, expected), { claim: 'iss' });
    }
  }
  const { aud } = claims;
  if (aud === undefined) refuseJwt(label, 'missing_claim', 'has no "aud" claim', { claim: 'aud' });
  const audiences: readonly unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!list(rules.audience).some((expected) => audiences.includes(expected))) {
    refuseJwt(label, 'wrong_audience', 'is not for this audience', { claim: 'aud' });
  }
}

// Every comparison with NaN is false: a missing, NaN or unbounded tolerance or clock reading would
// accept a token that expired long ago, so a wrong rule is a programming error, never a verdict.
function checkRules(rules: JwtClaimRules): void {
  requireValue(rules.nowMs, 'nowMs', 'number');
  requireValue(rules.clockToleranceSeconds, 'clockToleranceSeconds', 'toleranceSeconds');
  checkValue(rules.maxLifetimeSeconds, 'maxLifetimeSeconds', 'positive');
}

/**
 * Checks the registered claims of a signature-verified JWT, the same way for every credential:
 * `iss` (when expected) and `aud`; `exp` and `iat` required and finite; `nbf` when present; `exp`
 * passed, `nbf` or `iat` in the future beyond the leeway refused (RFC 7519 §4.1.4–4.1.6); the
 * lifetime cap, counted from `iat` plus `iatBackdateSeconds`; a bounded `jti` when required.
 *
 * @throws ActVerificationError naming the first claim that fails: `missing_claim`,
 * `wrong_issuer`, `wrong_audience`, `expired`, `not_yet_valid`, `issued_in_future`,
 * `ttl_too_long`, `missing_jti` or `malformed`.
 * @throws TypeError when `iatBackdateSeconds` is not absent or a number from 0 to 600,
 * `clockToleranceSeconds` not a number of seconds from 0 to 300, `nowMs` not a finite number
 * >= 0 (milliseconds) or `maxLifetimeSeconds` not absent or a number > 0 (seconds).
 */
export function checkJwtClaims(
  claims: Record<string, unknown>,
  rules: JwtClaimRules,
): CheckedJwtClaims {
  const { label } = rules;
  checkRules(rules);
  checkIssuerAndAudience(claims, rules);
  const exp = required(numericDate(claims, 'exp', label), 'exp', label);
  const iat = required(numericDate(claims, 'iat', label), 'iat', label);
  const now = rules.nowMs / 1000;
  const leeway = rules.clockToleranceSeconds;
  // After both are required, as before: a missing exp or iat is named before a bad nbf.
  const { expired } = rules;
  checkJwtWindow(
    claims,
    label,
    now,
    leeway,
    expired === undefined ? WORDING : { ...WORDING, expired },
  );
  if (iat > now + leeway) {
    refuseJwt(label, 'issued_in_future', 'was issued in the future', { claim: 'iat' });
  }
  const maxLifetime = rules.maxLifetimeSeconds;
  if (
    maxLifetime !== undefined &&
    exp - cutoffIssuedAtSeconds(iat, rules.iatBackdateSeconds) > maxLifetime
  ) {
    refuseJwt(
      label,
      'ttl_too_long',
      `lives longer than ${maxLifetime} seconds (exp - iat): have its issuer sign shorter-lived tokens, or raise ${rules.maxLifetimeOption ?? 'maxLifetimeSeconds'} to accept them`,
      { claim: 'exp' },
    );
  }
  if (rules.requireJti !== true) return { exp, iat, jti: undefined };
  const { jti } = claims;
  if (typeof jti !== 'string' || jti === '') {
    refuseJwt(label, 'missing_jti', 'has no "jti" claim; replay protection needs one', {
      claim: 'jti',
    });
  }
  if (jti.length > MAX_JTI_LENGTH) {
    refuseJwt(label, 'malformed', `has a "jti" longer than ${MAX_JTI_LENGTH} characters`, {
      claim: 'jti',
    });
  }
  return { exp, iat, jti };
}
