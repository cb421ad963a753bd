export { type OktaLocalIdpOptions, oktaLocalIdp } from './okta-local-idp.js';
