export { createKeycloakAdapter } from './create-keycloak-adapter.js';
export type { KeycloakAdapterOptions } from './keycloak-adapter.js';
export { KeycloakAdapter } from './keycloak-adapter.js';
export { keycloakAudienceFromTokenUrl } from './keycloak-audience-from-token-url.js';
export type { KeycloakConfig } from './keycloak-config.js';
export { keycloakPlugin } from './keycloak-plugin.js';
export { keycloakTokenProfile } from './keycloak-token-profile.js';
