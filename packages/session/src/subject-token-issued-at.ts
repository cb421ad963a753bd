import type { SubjectToken } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

/**
 * When the human's token was issued: a JWT's numeric `iat`, in seconds since the epoch (RFC 7519
 * §4.1.6); `undefined` when there is no token or it carries no date (an opaque token, a SAML
 * assertion, a JWT without `iat`). Decoded, not verified: the IdP verifies the token when it is
 * exchanged, and a token whose `iat` was altered is refused there; so it is read only for an
 * adapter that sends it to the IdP (`datesBySubjectToken`: the `rfc8693` layout).
 *
 * `iat`, not `auth_time`: `auth_time` is when the human authenticated at the IdP (OpenID Connect
 * Core §2), which a sign-in that reuses the IdP's session after the app's logout leaves unchanged;
 * judging it would refuse every new sign-in for as long as the cut-off is kept.
 */
export function subjectTokenIssuedAt(subjectToken: SubjectToken | undefined): number | undefined {
  if (subjectToken === undefined) return undefined;
  const iat = jwtPayloadOf(subjectToken.value)?.iat;
  return typeof iat === 'number' && Number.isFinite(iat) ? iat : undefined;
}
