export { createAdapter } from './create-adapter.js';
export type { KeycloakAdapterOptions } from './keycloak-adapter.js';
export { KeycloakAdapter } from './keycloak-adapter.js';
export { keycloakTokenProfile } from './keycloak-token-profile.js';
