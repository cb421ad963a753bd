// The helpers @dual-auth/core/jwt exports, as exported: each checks its arguments, then runs
// core's own helper, which core's verifiers call unchecked (their arguments are their own). A
// wrong argument is a TypeError naming it and what to pass: never "Cannot read properties of
// undefined" from inside, never a window check that passes because the clock reading is missing
// (every comparison with NaN or undefined is false: an expired token would pass).
import { requireValue } from '../config/check-option.js';
import { rejecting } from '../config/require-argument.js';
import {
  decodeCanonicalBase64url as decodeUnchecked,
  encodeBase64url as encodeUnchecked,
  isCanonicalBase64url as isCanonicalUnchecked,
} from './base64url.js';
import { clientIdOf as clientIdOfUnchecked } from './client-id-of.js';
import { isJwsAlgorithm, keyFitsAlgorithm as keyFitsUnchecked } from './jws-algorithms.js';
import {
  checkJwtClaims as checkJwtClaimsUnchecked,
  checkJwtWindow as checkJwtWindowUnchecked,
} from './jwt-claims.js';
import { jwtHeaderOf as jwtHeaderOfUnchecked } from './jwt-header-of.js';
import { namespacedReplayKey as replayKeyUnchecked } from './namespaced-replay-key.js';
import { parseCompactJws as parseUnchecked } from './parse-compact-jws.js';
import { defaultSignatureVerifier as defaultVerifierUnchecked } from './signature-verifier.js';
import { verifyParsedJwt as verifyParsedUnchecked } from './verify-jwt.js';

function requireAlgorithm(alg: unknown): void {
  if (!isJwsAlgorithm(alg)) throw new TypeError('alg must be one of JWS_ALGORITHM_SPECS');
}

function requireFinite(value: unknown, name: string, unit: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number of ${unit}`);
  }
}

/**
 * Checks the validity window of a JWT's `exp` and `nbf` (RFC 7519 §4.1.4, §4.1.5); see core's
 * `checkJwtWindow` in jwt-claims.ts for the rule.
 *
 * @throws TypeError naming the argument that is not an object (`claims`), a string (`label`), a
 *   finite number of seconds (`nowSeconds`, `leewaySeconds`) or an object (`wording`).
 * @throws ActVerificationError `malformed`, `expired` or `not_yet_valid`, naming the claim.
 */
export const checkJwtWindow: typeof checkJwtWindowUnchecked = (
  claims,
  label,
  nowSeconds,
  leewaySeconds,
  wording,
) => {
  requireValue(claims, 'claims', 'object');
  requireValue(label, 'label', 'string');
  requireFinite(nowSeconds, 'nowSeconds', 'seconds since the epoch');
  requireFinite(leewaySeconds, 'leewaySeconds', 'seconds');
  if (wording !== undefined) requireValue(wording, 'wording', 'object');
  checkJwtWindowUnchecked(claims, label, nowSeconds, leewaySeconds, wording);
};

/**
 * Checks a JWT's registered claims against `rules` (RFC 7519 §4.1); see `JwtClaimRules`.
 *
 * @throws TypeError when `claims` or `rules` is not an object, or a rule is wrong (named).
 * @throws ActVerificationError when the token is refused (see its `reason`).
 */
export const checkJwtClaims: typeof checkJwtClaimsUnchecked = (claims, rules) => {
  requireValue(claims, 'claims', 'object');
  requireValue(rules, 'rules', 'object');
  return checkJwtClaimsUnchecked(claims, rules);
};

/**
 * The protected header of a compact JWS or JWE, decoded only, never verified; undefined for an
 * opaque token.
 *
 * @throws TypeError when `token` is not a string.
 */
export const jwtHeaderOf: typeof jwtHeaderOfUnchecked = (token) =>
  jwtHeaderOfUnchecked(requireValue(token, 'token', 'string'));

/**
 * The replay-store key a token's `jti` is claimed under, in a namespace of its own; see core's
 * `namespacedReplayKey` (namespaced-replay-key.ts) for the layout.
 *
 * @throws TypeError when an argument is not a string (named: an issuer given as an array would
 *   share keys with the string it holds), or `namespace` is empty or holds `:`.
 */
export const namespacedReplayKey: typeof replayKeyUnchecked = (namespace, issuer, jti) =>
  replayKeyUnchecked(
    requireValue(namespace, 'namespace', 'string'),
    requireValue(issuer, 'issuer', 'string'),
    requireValue(jti, 'jti', 'string'),
  );

/**
 * Whether `segment` is canonical unpadded base64url (RFC 7515 §2, RFC 4648 §5).
 *
 * @throws TypeError when `segment` is not a string.
 */
export const isCanonicalBase64url: typeof isCanonicalUnchecked = (segment) =>
  isCanonicalUnchecked(requireValue(segment, 'segment', 'string'));

/**
 * The bytes of a canonical base64url `segment`; undefined when it is not canonical.
 *
 * @throws TypeError when `segment` is not a string.
 */
export const decodeCanonicalBase64url: typeof decodeUnchecked = (segment) =>
  decodeUnchecked(requireValue(segment, 'segment', 'string'));

/**
 * Unpadded base64url (RFC 4648 §5) of `input`: bytes, or a string's UTF-8.
 *
 * @throws TypeError when `input` is neither a string nor a Uint8Array.
 */
export const encodeBase64url: typeof encodeUnchecked = (input) => {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('input must be a string or a Uint8Array');
  }
  return encodeUnchecked(input);
};

/**
 * True when `key` is a public verification key of the family, hash and curve `alg` needs (what
 * stops algorithm confusion); false for anything that is not such a key.
 *
 * @throws TypeError when `alg` is not a JWS algorithm of `JWS_ALGORITHM_SPECS`.
 */
export const keyFitsAlgorithm: typeof keyFitsUnchecked = (key, alg) => {
  requireAlgorithm(alg);
  return typeof key === 'object' && key !== null && keyFitsUnchecked(key, alg);
};

/**
 * The client id `claims` name under the first of `profile.clientIdClaims` present.
 *
 * @throws TypeError when `profile` is not a TokenProfile or `claims` not an object.
 */
export const clientIdOf: typeof clientIdOfUnchecked = (profile, claims) => {
  if (!Array.isArray((profile as Partial<typeof profile> | undefined)?.clientIdClaims)) {
    throw new TypeError('profile must be a TokenProfile (with clientIdClaims)');
  }
  requireValue(claims, 'claims', 'object');
  return clientIdOfUnchecked(profile, claims);
};

/**
 * Reads a compact JWS under `options` (size, algorithms) without verifying it.
 *
 * @throws TypeError when `options` is not an object.
 * @throws ActVerificationError `malformed`, `too_large` or `unsupported_algorithm`.
 */
export const parseCompactJws: typeof parseUnchecked = (token, options) => {
  requireValue(options, 'options', 'object');
  return parseUnchecked(token, options);
};

/**
 * `verifyJwt` of a token already read by {@link parseCompactJws}.
 *
 * @throws TypeError (rejected) when `jws` is not what `parseCompactJws` returns or `options` not
 *   an object.
 * @throws ActVerificationError when the token is refused (see its `reason`).
 */
export const verifyParsedJwt: typeof verifyParsedUnchecked = /* @__PURE__ */ rejecting(
  (jws, options) => {
    if (typeof (jws as Partial<typeof jws> | undefined)?.signingInput !== 'string') {
      throw new TypeError('jws must be a ParsedCompactJws (what parseCompactJws returns)');
    }
    requireValue(options, 'options', 'object');
  },
  verifyParsedUnchecked,
);

/**
 * The signature verifier for `alg` when `concurrent` verifications run at once.
 *
 * @throws TypeError when `alg` is not a JWS algorithm of `JWS_ALGORITHM_SPECS` or `concurrent`
 *   not a number.
 */
export const defaultSignatureVerifier: typeof defaultVerifierUnchecked = (alg, concurrent) => {
  requireAlgorithm(alg);
  return defaultVerifierUnchecked(alg, requireValue(concurrent, 'concurrent', 'number'));
};
