import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import { readBearerCredentials } from './bearer-credentials.js';
import type { DualSubject } from './dual-subject.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';
import type { DualSubjectVerifyOptions } from './verify-options.js';

/**
 * Verifies the dual-subject credentials of a Web `Request`: `Authorization: Bearer <access token>`
 * and, for Entra ID, `X-Act-Assertion`. Throws `DualSubjectVerificationError` (its `absent` is true
 * when no Bearer credentials came at all).
 *
 * @example
 * const keys = createRemoteJwks('https://tenant.example.com/.well-known/jwks.json');
 * const subject = await verifyDualSubjectRequest(request, {
 *   vendor: 'auth0',
 *   issuer: 'https://tenant.example.com/',
 *   audience: 'https://api.example.com/finance',
 *   keys,
 * });
 */
export async function verifyDualSubjectRequest(
  request: Request,
  options: DualSubjectVerifyOptions,
): Promise<DualSubject> {
  if (typeof request?.headers?.get !== 'function') {
    throw new TypeError('request must be a Web Request (or have headers.get())');
  }
  const credentials = readBearerCredentials(
    request.headers.get('authorization'),
    request.headers.get(ACT_ASSERTION_HEADER),
  );
  return verifyDualSubjectToken(credentials.accessToken, {
    ...options,
    actAssertion: credentials.actAssertion,
  });
}
