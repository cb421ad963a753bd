type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim showing that an Okta access token is a user's token issued to the client rather than
 * the client's own (client credentials): a client-credentials token's `sub` is its client id
 * (`cid`), a user's token names the user in `sub` (the login) and `uid` (the user id)
 * (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/,
 * https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/). Its `scp` may be
 * granted for the user, not the client. A token without `sub` or `uid` names no user. `undefined`
 * for the client's own token.
 */
export function oktaUserTokenClaim(claims: Claims): string | undefined {
  if (claims.uid !== undefined) return 'uid';
  return claims.sub === undefined || claims.sub === claims.cid ? undefined : 'sub';
}
