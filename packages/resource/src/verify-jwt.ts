import { type AsymmetricAlgorithm, importPublicKey } from '@dual-auth/core/adapter-kit';
import { type JWTPayload, jwtVerify } from 'jose';
import {
  type DualSubjectCredential,
  DualSubjectVerificationError,
} from './dual-subject-verification-error.js';
import { type JoseFailure, joseFailure } from './jose-failure.js';
import type { VerificationKeys } from './verify-options.js';

/** What {@link verifyJwt} checks. */
export interface VerifyJwtOptions {
  credential: DualSubjectCredential;
  keys: VerificationKeys;
  algorithms: readonly string[];
  audience: string | readonly string[];
  issuer?: string | readonly string[];
  clockToleranceSeconds: number;
  now: number;
  maxLength: number;
}

const LABEL: Record<DualSubjectCredential, string> = {
  access_token: 'Access token',
  act_assertion: 'Act assertion',
};

const STATIC_KEY_MISMATCH: JoseFailure = {
  reason: 'unknown_key',
  phrase: 'is signed with a key the issuer does not publish',
};

/** Verifies signature, algorithm, `iss`, `aud`, `exp` (required), `nbf` and `iat`; maps failures. */
export async function verifyJwt(token: string, options: VerifyJwtOptions): Promise<JWTPayload> {
  const { credential } = options;
  const label = LABEL[credential];
  if (token.length > options.maxLength) {
    throw new DualSubjectVerificationError({
      credential,
      reason: 'too_large',
      message: `${label} is longer than ${options.maxLength} characters`,
    });
  }
  const keys = options.keys;
  try {
    const { payload } = await jwtVerify(
      token,
      // PEM is imported for the header's algorithm, which jose has already checked against `algorithms`.
      typeof keys === 'string'
        ? (header) => importPublicKey(keys, header.alg as AsymmetricAlgorithm)
        : (keys as never),
      {
        algorithms: [...options.algorithms],
        audience: options.audience as string | string[],
        ...(options.issuer === undefined ? {} : { issuer: options.issuer as string | string[] }),
        clockTolerance: options.clockToleranceSeconds,
        currentDate: new Date(options.now),
        requiredClaims: ['exp', 'iat'],
      },
    );
    return payload;
  } catch (error) {
    // Only a resolver downloads keys. A static key that does not fit the token's (allowed)
    // algorithm means the token was not signed with it: a forgery's 401, not a 503 outage.
    const mapped = joseFailure(error);
    const failure =
      typeof keys !== 'function' && mapped.reason === 'key_unavailable'
        ? STATIC_KEY_MISMATCH
        : mapped;
    throw new DualSubjectVerificationError({
      credential,
      reason: failure.reason,
      message: `${label} ${failure.phrase}`,
      ...(failure.claim === undefined ? {} : { claim: failure.claim }),
      // jose's claim errors hold the whole payload (with email and name): keep only key-fetch causes.
      ...(failure.reason === 'key_unavailable' ? { cause: error } : {}),
    });
  }
}
