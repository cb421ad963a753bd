export { type OAuthLocalIdpOptions, oauthLocalIdp } from './oauth-local-idp.js';
