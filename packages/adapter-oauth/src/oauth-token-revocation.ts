import type { TokenRevocation } from '@dual-auth/core';
import type { OAuthConfig } from './oauth-config.js';
import { OAUTH_PRESETS } from './oauth-presets.js';

/**
 * The RFC 7009 endpoint of a config: its `revocationEndpoint` (`OAUTH_REVOCATION_URL`), else the
 * one its preset derives from the token URL (`keycloak`, `okta`), else none.
 */
export function revocationEndpointOf(config: OAuthConfig): string | undefined {
  const preset = config.preset === undefined ? undefined : OAUTH_PRESETS[config.preset];
  return config.revocationEndpoint ?? preset?.revocationEndpoint?.(config.tokenUrl);
}

const DECLARATION = {
  supported: true,
  unconfigured: 'OAUTH_REVOCATION_URL is not set',
  documentation: 'https://www.rfc-editor.org/rfc/rfc7009',
} as const;

/**
 * Whether the generic OAuth adapter revokes access tokens (RFC 7009): where the config has a
 * revocation endpoint (`OAUTH_REVOCATION_URL`, or the `keycloak` and `okta` presets'); otherwise
 * "not supported" and why.
 */
export const OAUTH_TOKEN_REVOCATION: TokenRevocation<OAuthConfig> = {
  ...DECLARATION,
  endpoint: revocationEndpointOf,
};

/**
 * {@link OAUTH_TOKEN_REVOCATION} for one config, as the adapter kit asks it (by token URL); for a
 * preset whose vendor revokes no access tokens (`entraid`) without `OAUTH_REVOCATION_URL`, "not
 * supported", why and what ends the delegation there.
 */
export function oauthTokenRevocation(config: OAuthConfig): TokenRevocation {
  const preset = config.preset === undefined ? undefined : OAUTH_PRESETS[config.preset];
  if (config.revocationEndpoint === undefined && preset?.noRevocation !== undefined) {
    return { supported: false, ...preset.noRevocation };
  }
  return { ...DECLARATION, endpoint: () => revocationEndpointOf(config) };
}
