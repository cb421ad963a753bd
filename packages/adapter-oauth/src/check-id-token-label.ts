import { type SubjectToken, TOKEN_TYPE } from '@dual-auth/core';
import { jwtHeaderOf } from '@dual-auth/core/jwt';

// RFC 9068 §2.1; RFC 7515 §4.1.9: compared case-insensitively, `application/` may be left out.
const ACCESS_TOKEN_TYP = ['at+jwt', 'application/at+jwt'];

/**
 * Refuses, before any request, a subject token labelled `TOKEN_TYPE.idToken` whose JWT header
 * `typ` is `at+jwt` (`application/at+jwt`): a JWT access token (RFC 9068 §2.1) that the IdP would
 * otherwise receive as an ID token. Only the header is read (decoded, never verified): an ID
 * token may carry any other claims (OpenID Connect Core §2 allows them; some IdPs add `scope` or
 * `client_id`), so no claim is taken as a sign of an access token. An opaque token is not checked.
 *
 * @throws TypeError naming the header's `typ` (never the token) and what to pass instead.
 */
export function checkIdTokenLabel(subjectToken: SubjectToken): void {
  if (subjectToken.type !== TOKEN_TYPE.idToken) return;
  const typ = jwtHeaderOf(subjectToken.value)?.typ;
  if (typeof typ !== 'string' || !ACCESS_TOKEN_TYP.includes(typ.toLowerCase())) return;
  throw new TypeError(
    'subjectToken typed an ID token is an access token (typ at+jwt): pass UserSession.idToken',
  );
}
