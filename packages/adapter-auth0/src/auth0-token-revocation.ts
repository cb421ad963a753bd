import type { TokenRevocation } from '@dual-auth/core';

/**
 * Whether Auth0's IdP revokes access tokens (RFC 7009), shared by the plugin's `tokenRevocation`
 * and the adapter's `revokeToken`.
 */
export const AUTH0_TOKEN_REVOCATION: TokenRevocation = {
  supported: false,
  reason:
    'its /oauth/revoke endpoint revokes refresh tokens only; access tokens are JWTs valid until exp',
  documentation: 'https://auth0.com/docs/secure/tokens/revoke-tokens',
};
