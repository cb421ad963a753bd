import type { TokenRevocation } from '@dual-auth/core';
import { revocationUrlBesideToken } from '@dual-auth/core/adapter-kit';

/**
 * Whether Okta's IdP revokes access tokens (RFC 7009), shared by the plugin's `tokenRevocation`
 * and the adapter's `revokeToken`.
 */
export const OKTA_TOKEN_REVOCATION: TokenRevocation = {
  supported: true,
  endpoint: ({ tokenUrl }) => revocationUrlBesideToken(tokenUrl),
  unconfigured: 'the token URL does not end in /token, beside which Okta serves /revoke',
  documentation: 'https://developer.okta.com/docs/reference/api/oidc/#revoke',
};
