type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim marking an Entra access token as an application's own (app-only, client credentials,
 * or an Agent ID autonomous token) rather than a user's on-behalf-of token: `idtyp` `app`, or no
 * `scp` (only delegated tokens carry the delegated permissions; an app-only token's `sub` and
 * `oid` are the application's service principal)
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference,
 * https://learn.microsoft.com/entra/agent-id/agent-token-claims). `undefined` for a user token.
 */
export function entraServiceSubjectClaim(claims: Claims): string | undefined {
  if (claims.idtyp === 'app') return 'idtyp';
  if (claims.scp === undefined) return 'scp';
  return undefined;
}
