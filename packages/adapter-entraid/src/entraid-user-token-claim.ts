type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim marking an Entra access token as a delegated (user) token rather than the
 * application's own app-only one (client credentials): `scp`, which only delegated tokens carry,
 * or an `idtyp` other than `app` (an optional claim: `app` in app-only tokens)
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference,
 * https://learn.microsoft.com/entra/identity-platform/optional-claims-reference). A user token's
 * `roles` are the signed-in user's app-role assignments, never the application's permissions.
 * `undefined` for an app-only token.
 */
export function entraUserTokenClaim(claims: Claims): string | undefined {
  if (claims.scp !== undefined) return 'scp';
  if (claims.idtyp !== undefined && claims.idtyp !== 'app') return 'idtyp';
  return undefined;
}
