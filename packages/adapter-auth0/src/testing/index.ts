export { type Auth0LocalIdpOptions, auth0LocalIdp } from './auth0-local-idp.js';
