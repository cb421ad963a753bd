type Claims = Readonly<Record<string, unknown>>;

/**
 * Where a standards-based OAuth 2.0 server's access tokens name their client, first found first:
 * RFC 9068 §2.2 / RFC 8693 §4.3 `client_id`, OIDC `azp`, Entra `appid`, Okta `cid`.
 */
export const OAUTH_CLIENT_ID_CLAIMS = ['client_id', 'azp', 'appid', 'cid'] as const;

/**
 * The claim showing that an RFC 9068 access token is a resource owner's token issued to the client
 * rather than the client's own (client credentials): without a resource owner, `sub` names the
 * client (RFC 9068 §2.2), so a `sub` other than the client (the first of
 * {@link OAUTH_CLIENT_ID_CLAIMS} present, as the profile reads it) is a user. A token without
 * `sub` names no user (some servers omit it for client credentials). `undefined` for the client's
 * own token.
 */
export function oauthUserTokenClaim(claims: Claims): string | undefined {
  const client = OAUTH_CLIENT_ID_CLAIMS.map((name) => claims[name]).find(
    (value) => typeof value === 'string' && value !== '',
  );
  return claims.sub === undefined || claims.sub === client ? undefined : 'sub';
}
