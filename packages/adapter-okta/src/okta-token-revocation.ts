import type { TokenRevocation } from '@dual-auth/core';

/**
 * Whether Okta's IdP revokes access tokens (RFC 7009), shared by the plugin's `tokenRevocation`
 * and the adapter's `revokeToken`.
 */
export const OKTA_TOKEN_REVOCATION: TokenRevocation = {
  supported: true,
  endpoint: ({ tokenUrl }) => tokenUrl.replace(/\/token$/, '/revoke'),
  documentation: 'https://developer.okta.com/docs/reference/api/oidc/#revoke',
};
