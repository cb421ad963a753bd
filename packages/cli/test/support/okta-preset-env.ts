import type { LocalIdp } from '@dual-auth/testing';
import { presetEnv } from './preset-env.js';

/**
 * The environment of an agent using `OAUTH_PRESET=okta` (On-Behalf-Of token exchange at a custom
 * authorization server) against the local Okta IdP, with the client secret it registered.
 */
export function oktaPresetEnv(idp: LocalIdp, audience: string): Record<string, string> {
  return presetEnv(idp, 'okta', {
    OAUTH_ISSUER: idp.issuer,
    OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
    API_AUDIENCE: audience,
  });
}
