import type { TokenRevocation } from '@dual-auth/core';
import { revocationUrlBesideToken } from '@dual-auth/core/adapter-kit';

/**
 * Whether Keycloak's IdP revokes access tokens (RFC 7009), shared by the plugin's `tokenRevocation`
 * and the adapter's `revokeToken`.
 */
export const KEYCLOAK_TOKEN_REVOCATION: TokenRevocation = {
  supported: true,
  // https://www.keycloak.org/docs/latest/securing_apps/#_token_revocation_endpoint
  endpoint: ({ tokenUrl }) => revocationUrlBesideToken(tokenUrl),
  unconfigured: 'the token URL does not end in /token, beside which Keycloak serves /revoke',
  documentation: 'https://www.keycloak.org/docs/latest/securing_apps/#_token_revocation_endpoint',
};
