import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

/** The credentials of a dual-subject request, as sent. */
export interface BearerCredentials {
  accessToken: string;
  actAssertion: string | undefined;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const JWT = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*$/;

function repeated(credential: 'access_token' | 'act_assertion', header: string) {
  return new DualSubjectVerificationError({
    credential,
    reason: 'malformed',
    claim: header,
    malformedRequest: true,
    message: `${header} header was sent more than once; send it exactly once`,
  });
}

/**
 * Reads `Authorization: Bearer <token>` (RFC 6750 §2.1) and `X-Act-Assertion`. A missing or
 * non-Bearer `Authorization` is absent credentials; a Bearer value that is not one token, an
 * assertion that is not one compact JWT, or a repeated header is a malformed request
 * (`malformedRequest`: 400 `invalid_request`, RFC 6750 §3.1), decided from the headers alone. Repeated credentials are refused, never picked from: a Bearer token (RFC 6750
 * `b64token`) and a compact JWT hold no comma, while `Headers` (fetch, Hono) and the Node
 * middlewares (from `rawHeaders`) join repeated lines with ", " (RFC 9110 §5.3), so a comma in
 * either header means it came more than once.
 */
export function readBearerCredentials(
  authorization: string | null | undefined,
  actAssertion: string | null | undefined,
): BearerCredentials {
  if (authorization?.includes(',')) throw repeated('access_token', 'Authorization');
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
      malformedRequest: true,
      message: "Authorization header must be 'Bearer <token>' with exactly one token",
    });
  }
  if (actAssertion?.includes(',')) throw repeated('act_assertion', ACT_ASSERTION_HEADER);
  const assertion = actAssertion?.trim();
  if (assertion && !JWT.test(assertion)) {
    throw new DualSubjectVerificationError({
      credential: 'act_assertion',
      reason: 'malformed',
      claim: ACT_ASSERTION_HEADER,
      malformedRequest: true,
      message: `${ACT_ASSERTION_HEADER} header must hold one compact JWT`,
    });
  }
  return { accessToken: token, actAssertion: assertion || undefined };
}
