import type { ActVerificationReason } from '@dual-auth/core';
import { errors } from 'jose';

/** Why jose refused a JWT, in dual-auth's words. */
export interface JoseFailure {
  reason: ActVerificationReason;
  claim?: string;
  /** A fixed phrase for the error message; never jose's own text, which may quote claim values. */
  phrase: string;
}

const CLAIM_REASONS: Readonly<Record<string, [ActVerificationReason, string]>> = {
  iss: ['wrong_issuer', 'has an unexpected issuer'],
  aud: ['wrong_audience', 'is not for this audience'],
  nbf: ['not_yet_valid', 'is not valid yet'],
  iat: ['issued_in_future', 'was issued in the future'],
};

/** Maps an error thrown by jose's `jwtVerify` (or by the key lookup under it) to a reason. */
export function joseFailure(error: unknown): JoseFailure {
  if (error instanceof errors.JWTExpired)
    return { reason: 'expired', claim: 'exp', phrase: 'has expired' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') {
      return {
        reason: 'missing_claim',
        claim: error.claim,
        phrase: `has no "${error.claim}" claim`,
      };
    }
    const known = CLAIM_REASONS[error.claim];
    if (known) return { reason: known[0], claim: error.claim, phrase: known[1] };
    return {
      reason: 'malformed',
      claim: error.claim,
      phrase: `has an invalid "${error.claim}" claim`,
    };
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return { reason: 'unsupported_algorithm', phrase: 'uses an algorithm that is not allowed' };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return { reason: 'bad_signature', phrase: 'has an invalid signature' };
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return { reason: 'unknown_key', phrase: 'is signed with a key the issuer does not publish' };
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return { reason: 'malformed', phrase: 'is not a well-formed JWT' };
  }
  return {
    reason: 'key_unavailable',
    phrase: 'could not be checked: the signing keys are unavailable',
  };
}
