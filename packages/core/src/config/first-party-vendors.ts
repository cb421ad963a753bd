/**
 * The vendors this project publishes an adapter for, with the name of the plugin each
 * `@dual-auth/adapter-<vendor>` exports: only for messages (a mistyped `DUAL_AUTH_VENDOR`, a
 * package core cannot find). Any other vendor name still loads its `@dual-auth/adapter-<vendor>`.
 */
export const FIRST_PARTY_VENDORS: Readonly<Record<string, string>> = {
  auth0: 'auth0Plugin',
  entraid: 'entraIdPlugin',
  keycloak: 'keycloakPlugin',
  oauth: 'oauthPlugin',
  okta: 'oktaPlugin',
};
