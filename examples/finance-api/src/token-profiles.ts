import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import type { TokenProfile } from '@dual-auth/core/jwt';

/**
 * Where each vendor's tokens keep the agent and the human. A real API imports only its own
 * vendor's profile; this example takes the vendor from `DUAL_AUTH_VENDOR` like the agent does.
 */
export const tokenProfiles: Readonly<Record<string, TokenProfile>> = {
  keycloak: keycloakTokenProfile,
  auth0: auth0TokenProfile,
  okta: oktaTokenProfile,
  entraid: entraIdTokenProfile,
  oauth: oauthTokenProfile,
};
