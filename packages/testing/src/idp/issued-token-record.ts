/**
 * One opaque access token the local IdP issued, for tests that check revocation. It holds the
 * token's id (the opaque token value itself): keep it inside the test.
 */
export interface IssuedTokenRecord {
  /** The opaque token as issued (oidc-provider's opaque token value is its `jti`). */
  readonly tokenId: string;
  readonly clientId: string;
  /** `act.sub` of the token, when it carries a human. */
  readonly human?: string;
  /** `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
  /** True once revoked (RFC 7009); an expired token stays `false`. */
  revoked: boolean;
}
