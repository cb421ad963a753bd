import { type DelegationClaims, type DelegationLayout, refuseJwt } from '@dual-auth/core/jwt';

type Claims = Readonly<Record<string, unknown>>;

/**
 * Okta's facet of the RFC 8693 layout: a custom authorization server's access token names the
 * user by login (often an email) in `sub` and by user id `00u…` in `uid`
 * (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/), as its On-Behalf-Of
 * token exchange keeps them (https://developer.okta.com/docs/guides/set-up-token-exchange/main/);
 * other servers (a resource authorization server's token for an ID-JAG) name the user in `sub`.
 * Which claim is the human is the API's setting (`humanIdClaim: 'uid'` of `@dual-auth/resource`,
 * which hands this reader the id in `sub`), never guessed from a token: a token naming two
 * different users in `sub` and `uid` is refused as ambiguous. Otherwise the token is read as the
 * generic layout reads it (`undefined`).
 *
 * @throws ActVerificationError `layout_mismatch` when `sub` and `uid` differ.
 */
export function readOktaDelegation(
  claims: Claims,
  layout: DelegationLayout,
): DelegationClaims | undefined {
  if (
    layout === 'rfc8693' &&
    Object.hasOwn(claims, 'uid') &&
    claims.uid !== undefined &&
    claims.uid !== claims.sub
  ) {
    refuseJwt(
      'Access token',
      'layout_mismatch',
      'names one user in "sub" and another in "uid": for an Okta custom authorization server (sub is the login) set the guard\'s humanIdClaim: "uid"',
      { claim: 'uid' },
    );
  }
  return undefined;
}
