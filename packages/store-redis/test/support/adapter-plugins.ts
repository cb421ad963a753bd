import { auth0Plugin } from '@dual-auth/adapter-auth0';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { oktaPlugin } from '@dual-auth/adapter-okta';

/** Every adapter plugin, so `createAdapter` picks the one `DUAL_AUTH_VENDOR` names. */
export const PLUGINS = [keycloakPlugin, auth0Plugin, oktaPlugin, entraIdPlugin, oauthPlugin];
