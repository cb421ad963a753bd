import { ActVerificationError, type ActVerificationReason } from '@dual-auth/core';
import { BodyTooLargeError } from '@dual-auth/core/adapter-kit';
import { errors } from 'jose';
import { reject } from './reject.js';

const BY_CODE: Readonly<Record<string, [ActVerificationReason, string]>> = {
  [errors.JWSSignatureVerificationFailed.code]: ['bad_signature', 'signature is invalid'],
  [errors.JOSEAlgNotAllowed.code]: ['unsupported_algorithm', 'algorithm is not allowed'],
  [errors.JOSENotSupported.code]: [
    'malformed',
    'uses a header parameter this verifier does not support',
  ],
  [errors.JWSInvalid.code]: ['malformed', 'is not a valid JWS'],
  [errors.JWKSNoMatchingKey.code]: ['unknown_key', 'was signed by a key the JWKS does not have'],
  [errors.JWKSMultipleMatchingKeys.code]: [
    'unknown_key',
    'matches several JWKS keys; the signer must set a kid',
  ],
  [errors.JWKSTimeout.code]: ['key_unavailable', 'could not be checked: the JWKS fetch timed out'],
  [errors.JWKSInvalid.code]: ['key_unavailable', 'could not be checked: the JWKS is invalid'],
};

/**
 * Rethrows a failure of jose's signature check as an {@link ActVerificationError} with a reason;
 * a JWKS too large to read, or anything unrecognised while fetching or using the key, is
 * `key_unavailable`.
 */
export function rethrowJoseFailure(error: unknown): never {
  if (ActVerificationError.isInstance(error)) throw error;
  if (BodyTooLargeError.isInstance(error)) {
    reject(
      'key_unavailable',
      `could not be checked: the JWKS is larger than ${error.maxBytes} bytes`,
    );
  }
  const code = error instanceof errors.JOSEError ? error.code : undefined;
  const known = code === undefined ? undefined : BY_CODE[code];
  if (known !== undefined) reject(known[0], known[1], { cause: error });
  reject('key_unavailable', 'could not be checked: the verification key is unavailable', {
    cause: error,
  });
}
