type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim showing that an RFC 9068 access token is a resource owner's token issued to the client
 * rather than the client's own (client credentials): without a resource owner, `sub` names the
 * client (RFC 9068 §2.2), so a `sub` other than `client_id` is a user. A token without `sub`
 * names no user (some servers omit it for client credentials). `undefined` for the client's own
 * token.
 */
export function oauthUserTokenClaim(claims: Claims): string | undefined {
  return claims.sub === undefined || claims.sub === claims.client_id ? undefined : 'sub';
}
