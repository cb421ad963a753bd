import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { keycloakUserTokenClaim } from './keycloak-user-token-claim.js';

/**
 * Where Keycloak's access tokens keep the two subjects, for `@dual-auth/resource`: the agent is
 * the client (`azp`), its roles are `realm_access.roles`, its scopes `scope`; the human is the
 * `act` a "User Attribute" protocol mapper copies from the client assertion (legacy layout). In
 * the `rfc8693` layout (standard token exchange) the realm roles are the user's: only `scope` is
 * read for the agent, and its roles are unknown (`agentHasRole` refuses; use `agentIn`); a
 * service account's token (the client's own, exchanged or not) is refused there.
 *
 * @example
 * import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
 * const guard = createDualAuthGuard({ profile: keycloakTokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed });
 */
export const keycloakTokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'keycloak',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['azp'],
  roleClaims: ['realm_access.roles'],
  scopeClaims: ['scope'],
  // A standard token exchange token is the user's: `realm_access`/`resource_access` hold the
  // user's roles, while `scope` lists the client scopes of the requesting client (the agent), a
  // scope with role scope mappings only when the user holds one of its roles too
  // (https://www.keycloak.org/docs/latest/server_admin/#_client_scopes_permissions).
  rfc8693AgentGrantClaims: { scopeClaims: ['scope'] },
  legacyHuman: 'act-claim',
  // A client's service account is the user `service-account-<client id>`
  // (https://www.keycloak.org/docs/latest/server_admin/#_service_accounts). Keycloak 25+'s
  // `service_account` client scope adds `client_id` to service-account tokens only
  // (https://www.keycloak.org/docs/latest/upgrading/#new-client-scope-service_account). Before 25,
  // enabling service accounts added a "Client ID" mapper (`clientId`) to the client itself, so it
  // is on every token issued to that client, its users' exchanged tokens included (upgraded realms
  // keep it): `clientId` marks a service account only when no `preferred_username` names the user.
  serviceSubjectClaim: (claims) => {
    const { preferred_username: username } = claims;
    if (claims.client_id !== undefined) return 'client_id';
    if (typeof username === 'string' && username.startsWith('service-account-')) {
      return 'preferred_username';
    }
    return claims.clientId !== undefined && username === undefined ? 'clientId' : undefined;
  },
  userTokenClaim: keycloakUserTokenClaim,
  // A user id is a lower-case UUID, or, for a federated user, `f:<component id>:<external id>`,
  // the external id "usually the username or uid" of the external store
  // (https://www.keycloak.org/docs/latest/server_development/#storage-ids), an LDAP directory
  // matching it in any case; Keycloak on MySQL compares ids without case
  // (https://github.com/keycloak/keycloak/issues/29445). The agent writes `act.sub`: the guard
  // reads the cut-off under the folded id too.
  humanIdsIgnoreCase: true,
};
