import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

/** The credentials of a dual-subject request, as sent. */
export interface BearerCredentials {
  accessToken: string;
  actAssertion: string | undefined;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const JWT = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*$/;

/**
 * Reads `Authorization: Bearer <token>` (RFC 6750 §2.1) and `X-Act-Assertion`. A missing or
 * non-Bearer `Authorization` is absent credentials; a Bearer value that is not one token is malformed.
 */
export function readBearerCredentials(
  authorization: string | null | undefined,
  actAssertion: string | null | undefined,
): BearerCredentials {
  if (!authorization || !/^Bearer(\s|$)/i.test(authorization)) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'missing_claim',
      claim: 'Authorization',
      absent: true,
      message: 'Missing Authorization header with a Bearer token',
    });
  }
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'malformed',
      claim: 'Authorization',
      message: 'Authorization header must be "Bearer <token>" with exactly one token',
    });
  }
  const assertion = actAssertion?.trim();
  if (assertion && !JWT.test(assertion)) {
    throw new DualSubjectVerificationError({
      credential: 'act_assertion',
      reason: 'malformed',
      claim: ACT_ASSERTION_HEADER,
      message: `${ACT_ASSERTION_HEADER} header must hold one compact JWT`,
    });
  }
  return { accessToken: token, actAssertion: assertion || undefined };
}
