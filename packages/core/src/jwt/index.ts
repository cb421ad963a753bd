export {
  checkJwtClaims,
  checkJwtWindow,
  clientIdOf,
  decodeCanonicalBase64url,
  defaultSignatureVerifier,
  encodeBase64url,
  isCanonicalBase64url,
  jwtHeaderOf,
  keyFitsAlgorithm,
  namespacedReplayKey,
  parseCompactJws,
  verifyParsedJwt,
} from './checked-exports.js';
export { parseJsonObject } from './json-segment.js';
export type { JwsAlgorithm, JwsAlgorithmSpec } from './jws-algorithms.js';
export { isJwsAlgorithm, JWS_ALGORITHM_SPECS, MIN_RSA_MODULUS_BITS } from './jws-algorithms.js';
export type { CheckedJwtClaims, JwtClaimRules, JwtWindowWording } from './jwt-claims.js';
export { MAX_JTI_LENGTH } from './jwt-claims.js';
export type { KeyFailure, RefusalDetails } from './jwt-refusal.js';
export { keyFailure, refuseJwt } from './jwt-refusal.js';
export { otherJwtKindOf } from './other-jwt-kind.js';
export type { ParseCompactJwsOptions, ParsedCompactJws } from './parse-compact-jws.js';
export { readActClaim } from './read-act-claim.js';
export { sha256Base64url } from './sha256-base64url.js';
export type { SignatureVerifier } from './signature-verifier.js';
export {
  nodeCryptoSignatureVerifier,
  nodeCryptoThreadPoolSignatureVerifier,
  webCryptoSignatureVerifier,
} from './signature-verifier.js';
export type {
  DelegationClaims,
  DelegationLayout,
  LegacyHumanSource,
  TokenProfile,
} from './token-profile.js';
export { DELEGATION_LAYOUTS } from './token-profile.js';
export type { KeyLookup, KeyLookupInput, VerificationKeys } from './verification-keys.js';
export { keyLookupFor, UnusableKeyError } from './verification-keys.js';
export type { VerifiedJwt, VerifyJwtOptions } from './verify-jwt.js';
export { verifyJwt } from './verify-jwt.js';
