import type { LocalIdp } from '@dual-auth/testing';

/**
 * The environment of an agent using the OAuth adapter's `OAUTH_PRESET=<preset>` against a local
 * IdP, with the client secret it registered; `more` adds or replaces variables.
 */
export function presetEnv(
  idp: LocalIdp,
  preset: string,
  more: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env = idp.env();
  return {
    DUAL_AUTH_VENDOR: 'oauth',
    OAUTH_PRESET: preset,
    OAUTH_TOKEN_URL: idp.tokenUrl,
    AGENT_CLIENT_ID: env.AGENT_CLIENT_ID ?? '',
    AGENT_CLIENT_SECRET: env.AGENT_CLIENT_SECRET ?? '',
    ...more,
  };
}
