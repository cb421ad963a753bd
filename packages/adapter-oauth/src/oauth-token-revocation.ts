import type { TokenRevocation } from '@dual-auth/core';

/**
 * Whether OAuth's IdP revokes access tokens (RFC 7009), shared by the plugin's `tokenRevocation`
 * and the adapter's `revokeToken`.
 */
export const OAUTH_TOKEN_REVOCATION: TokenRevocation = {
  supported: false,
  reason: 'the generic OAuth adapter has no revocation endpoint setting',
  documentation: 'https://www.rfc-editor.org/rfc/rfc7009',
};
