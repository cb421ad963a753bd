type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim showing that an Auth0 access token is a user's token issued to the client rather than
 * the client's own (client credentials): a client-credentials token has `gty:
 * "client-credentials"` and `sub` `<client id>@clients`, a user's token the user id
 * (`auth0|…`) in `sub` and, with RBAC, the user's `permissions`
 * (https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow,
 * https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles). `undefined` for the
 * client's own token.
 */
export function auth0UserTokenClaim(claims: Claims): string | undefined {
  const { azp, gty, sub } = claims;
  if (gty !== undefined && gty !== 'client-credentials') return 'gty';
  if (typeof sub !== 'string' || !sub.endsWith('@clients')) return 'sub';
  // Not String(azp): an object azp is on a null prototype (core's parser), which it cannot convert.
  return azp === undefined || (typeof azp === 'string' && sub === `${azp}@clients`)
    ? undefined
    : 'sub';
}
