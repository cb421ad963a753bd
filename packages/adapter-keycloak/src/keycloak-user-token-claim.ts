type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim showing that a Keycloak access token is not the client's own service-account token
 * (client credentials) but a user's token issued to the client (a login, or a token exchange with
 * the agent's service-account token as `actor_token`, RFC 8693 §4.1, whose `act.sub` is then the
 * service-account user id): its `realm_access.roles` are the user's. A service-account token names
 * its client in `client_id` (Keycloak 25+, `service_account` client scope) or `clientId` (earlier
 * versions; that one's mapper sits on the client, so a user's token issued to it carries it too),
 * and its user is
 * `service-account-<client id in lower case>` (`preferred_username`; Keycloak keeps every
 * username in lower case, https://github.com/keycloak/keycloak/issues/41243, while `azp` and the
 * client id claims keep the client id's case)
 * (https://www.keycloak.org/docs/latest/server_admin/#_service_accounts,
 * https://www.keycloak.org/docs/latest/upgrading/). Every one of them present must name `azp`,
 * and at least one must be present (a lightweight access token keeps them only when their mappers
 * add them: https://www.keycloak.org/docs/latest/server_admin/#_using_lightweight_access_token).
 * `undefined` for the client's own token.
 */
export function keycloakUserTokenClaim(claims: Claims): string | undefined {
  // Not String(): an object azp is on a null prototype (core's parser), which it cannot convert.
  // A non-string azp names no client, so every mark present mismatches.
  const client = typeof claims.azp === 'string' ? claims.azp : undefined;
  const marks: ReadonlyArray<readonly [string, string | undefined]> = [
    ['client_id', client],
    ['clientId', client],
    [
      'preferred_username',
      client === undefined ? undefined : `service-account-${client.toLowerCase()}`,
    ],
  ];
  let marked = false;
  for (const [claim, expected] of marks) {
    if (claims[claim] === undefined) continue;
    if (claims[claim] !== expected) return claim;
    marked = true;
  }
  return marked ? undefined : 'client_id';
}
