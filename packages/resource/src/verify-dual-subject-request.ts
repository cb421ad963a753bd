import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import { readBearerCredentials } from './bearer-credentials.js';
import type { DualSubject } from './dual-subject.js';
import { verifyDualSubject } from './verify-dual-subject.js';
import { assertVerifyOptions, type DualSubjectVerifyOptions } from './verify-options.js';

/**
 * Verifies the dual-subject credentials of a Web `Request`: `Authorization: Bearer <access token>`
 * and, for a profile whose human comes from a bound act assertion, `X-Act-Assertion`. Throws
 * `DualSubjectVerificationError` (its `absent` is true when no Bearer credentials came at all).
 *
 * @example
 * import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
 *
 * const subject = await verifyDualSubjectRequest(request, {
 *   profile: auth0TokenProfile,
 *   issuer: 'https://tenant.example.com/',
 *   audience: 'https://api.example.com/finance',
 *   keys: createRemoteJwks('https://tenant.example.com/.well-known/jwks.json'),
 * });
 */
export async function verifyDualSubjectRequest(
  request: Request,
  options: DualSubjectVerifyOptions,
): Promise<DualSubject> {
  if (typeof request?.headers?.get !== 'function') {
    throw new TypeError('request must be a Web Request (or have headers.get())');
  }
  assertVerifyOptions(options);
  const credentials = readBearerCredentials(
    request.headers.get('authorization'),
    request.headers.get(ACT_ASSERTION_HEADER),
  );
  return verifyDualSubject(credentials.accessToken, credentials.actAssertion, options);
}
