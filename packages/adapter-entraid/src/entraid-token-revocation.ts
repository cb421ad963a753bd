import type { TokenRevocation } from '@dual-auth/core';

/**
 * Whether EntraId's IdP revokes access tokens (RFC 7009), shared by the plugin's `tokenRevocation`
 * and the adapter's `revokeToken`.
 */
export const ENTRAID_TOKEN_REVOCATION: TokenRevocation = {
  supported: false,
  reason:
    'the Microsoft identity platform has no RFC 7009 endpoint; access tokens stay valid until exp',
  documentation:
    'https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#token-revocation',
};
