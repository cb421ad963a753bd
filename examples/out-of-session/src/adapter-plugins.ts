import { auth0Plugin } from '@dual-auth/adapter-auth0';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { oktaPlugin } from '@dual-auth/adapter-okta';

/**
 * Every vendor's adapter plugin, so `DUAL_AUTH_VENDOR` alone picks the IdP. A real app installs
 * and passes only its own vendor's.
 */
export const adapterPlugins = [keycloakPlugin, auth0Plugin, oktaPlugin, entraIdPlugin, oauthPlugin];
