export { type EntraIdLocalIdpOptions, entraIdLocalIdp } from './entraid-local-idp.js';
