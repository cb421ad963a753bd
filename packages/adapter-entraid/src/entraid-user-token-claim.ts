type Claims = Readonly<Record<string, unknown>>;

// Claims naming a signed-in user, which app-only tokens never carry.
const USER_CLAIMS = ['upn', 'unique_name'] as const;
// `0` is a public client, which cannot use the client credentials flow.
const CLIENT_AUTH_CLAIMS = ['azpacr', 'appidacr'] as const;

/**
 * The claim marking an Entra access token as a delegated (user) token rather than the
 * application's own app-only one (client credentials): `scp`, which only delegated tokens carry;
 * an `idtyp` other than `app` (an optional claim: `app` in app-only tokens); the user's `upn` or
 * `unique_name`; or an `azpacr`/`appidacr` of `0`, a public client's
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference,
 * https://learn.microsoft.com/entra/identity-platform/optional-claims-reference). A user token's
 * `roles` are the signed-in user's app-role assignments, never the application's permissions.
 * `undefined` for an app-only token.
 */
export function entraUserTokenClaim(claims: Claims): string | undefined {
  if (claims.scp !== undefined) return 'scp';
  if (claims.idtyp !== undefined && claims.idtyp !== 'app') return 'idtyp';
  const user = USER_CLAIMS.find((claim) => claims[claim] !== undefined);
  if (user !== undefined) return user;
  return CLIENT_AUTH_CLAIMS.find((claim) => claims[claim] === '0');
}
