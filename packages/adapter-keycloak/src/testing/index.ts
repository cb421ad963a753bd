export { type KeycloakLocalIdpOptions, keycloakLocalIdp } from './keycloak-local-idp.js';
