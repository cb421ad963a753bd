import {
  JOSENotSupported,
  JWKSInvalid,
  JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey,
  JWKSTimeout,
} from 'jose/errors';
import { BodyTooLargeError } from '../adapter-kit/read-bounded-body.js';
import {
  ActVerificationError,
  type ActVerificationReason,
} from '../errors/act-verification-error.js';
import { UnusableKeyError } from './verification-keys.js';

/** Why a key could not be found or used, in dual-auth's words. */
export interface KeyFailure {
  readonly reason: ActVerificationReason;
  /** A fixed phrase for the message: never the library's own text, which may quote the token. */
  readonly phrase: string;
  /** Kept for outages only (a JWKS download), never for a refused token. */
  readonly keepCause: boolean;
}

const UNKNOWN_KEY: KeyFailure = {
  reason: 'unknown_key',
  phrase: 'is signed with a key the issuer does not publish',
  keepCause: false,
};

/**
 * The one map from a key-lookup failure to a reason, used by every verifier: no matching key and
 * a static key that cannot verify the token's algorithm are `unknown_key` (a forgery's 401); an
 * algorithm the JWKS cannot serve is `unsupported_algorithm`; a JWKS that is too large, invalid,
 * slow or unreachable is `key_unavailable` (an outage's 503), with its cause kept.
 */
export function keyFailure(error: unknown): KeyFailure {
  if (error instanceof UnusableKeyError || error instanceof JWKSNoMatchingKey) {
    return UNKNOWN_KEY;
  }
  if (error instanceof JWKSMultipleMatchingKeys) return UNKNOWN_KEY;
  if (error instanceof JOSENotSupported) {
    return {
      reason: 'unsupported_algorithm',
      phrase: 'uses an algorithm the keys cannot verify',
      keepCause: false,
    };
  }
  if (BodyTooLargeError.isInstance(error)) {
    return {
      reason: 'key_unavailable',
      phrase: `could not be checked: the JWKS is larger than ${error.maxBytes} bytes`,
      keepCause: true,
    };
  }
  if (error instanceof JWKSTimeout) {
    return {
      reason: 'key_unavailable',
      phrase: 'could not be checked: the JWKS fetch timed out',
      keepCause: true,
    };
  }
  if (error instanceof JWKSInvalid) {
    return {
      reason: 'key_unavailable',
      phrase: 'could not be checked: the JWKS is invalid',
      keepCause: true,
    };
  }
  return {
    reason: 'key_unavailable',
    phrase: 'could not be checked: the signing keys are unavailable',
    keepCause: true,
  };
}

/** What a refusal carries besides its reason and phrase. */
export interface RefusalDetails {
  /** The claim or header parameter at fault (`exp`, `alg`, `act.sub`). */
  claim?: string | undefined;
  cause?: unknown;
}

/**
 * Throws the {@link ActVerificationError} of `reason` with the message `<label> <phrase>`
 * (`Access token has expired`; `JWT has expired` without a label). Phrases are fixed texts: a message never contains the token or a
 * claim value.
 */
export function refuseJwt(
  label: string,
  reason: ActVerificationReason,
  phrase: string,
  details: RefusalDetails = {},
): never {
  throw new ActVerificationError({
    reason,
    // A plugin's call without a label (`verifyJwt(token, { keys, … })`) still names what it read.
    message: `${label ?? 'JWT'} ${phrase}`,
    ...(details.claim === undefined ? {} : { claim: details.claim }),
    ...(details.cause === undefined ? {} : { cause: details.cause }),
  });
}
