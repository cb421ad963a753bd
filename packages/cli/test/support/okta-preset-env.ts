import type { LocalIdp } from '@dual-auth/testing';

/**
 * The environment of an agent using `OAUTH_PRESET=okta` (On-Behalf-Of token exchange at a custom
 * authorization server) against the local Okta IdP, with the client secret it registered.
 */
export function oktaPresetEnv(idp: LocalIdp, audience: string): Record<string, string> {
  const env = idp.env();
  return {
    DUAL_AUTH_VENDOR: 'oauth',
    OAUTH_PRESET: 'okta',
    OAUTH_TOKEN_URL: idp.tokenUrl,
    OAUTH_ISSUER: idp.issuer,
    OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
    AGENT_CLIENT_ID: env.AGENT_CLIENT_ID ?? '',
    AGENT_CLIENT_SECRET: env.AGENT_CLIENT_SECRET ?? '',
    API_AUDIENCE: audience,
  };
}
