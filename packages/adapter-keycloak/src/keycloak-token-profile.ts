import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';

/**
 * Where Keycloak's access tokens keep the two subjects, for `@dual-auth/resource`: the agent is
 * the client (`azp`), its roles are `realm_access.roles`, its scopes `scope`; the human is the
 * `act` a "User Attribute" protocol mapper copies from the client assertion (legacy layout).
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
  legacyHuman: 'act-claim',
};
