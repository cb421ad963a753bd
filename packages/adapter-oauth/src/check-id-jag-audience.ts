import { type SubjectToken, TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

/**
 * Refuses, before it is sent on, an ID-JAG (`id-jag` step one) that is a grant for another
 * authorization server than the one it is about to go to: its `aud` (a string, or an array of
 * them) must name, exactly, `resourceIssuer` (`OAUTH_RESOURCE_ISSUER`: the issuer identifier
 * draft-ietf-oauth-identity-assertion-authz-grant §3 requires in `aud`, and the `audience` step
 * one asked for) or `tokenUrl` (`OAUTH_TOKEN_URL`, where it goes: RFC 7523 §3 lets a JWT grant
 * name the token endpoint). Sent on, one for another server would hand that server's grant to
 * `OAUTH_TOKEN_URL`. Decoded, not verified (the resource's server verifies it); an ID-JAG that is
 * no JWT is `checkIdJagHuman`'s refusal.
 *
 * @throws TokenRequestError (status 200, no `mismatch`: the human and agent may be the ones asked
 *   for) naming the claim and the settings compared, never a value, and what to check.
 */
export function checkIdJagAudience(
  grant: SubjectToken,
  resourceIssuer: string,
  tokenUrl: string,
): void {
  const aud = jwtPayloadOf(grant.value)?.aud;
  const named = Array.isArray(aud) ? aud : [aud];
  if (named.some((value) => value === resourceIssuer || value === tokenUrl)) return;
  throw new TokenRequestError({
    vendor: 'oauth',
    status: 200,
    message:
      "OAUTH_IDP_TOKEN_URL issued an ID-JAG for another authorization server (aud not OAUTH_RESOURCE_ISSUER nor OAUTH_TOKEN_URL), not sent on; check its audience on the IdP, or set OAUTH_RESOURCE_ISSUER to the server's metadata issuer (exact match)",
  });
}
