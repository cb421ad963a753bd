export { createAdapter } from './create-adapter.js';
export type { OktaAdapterOptions, OktaAssertionAudience } from './okta-adapter.js';
export { OktaAdapter } from './okta-adapter.js';
export { oktaTokenProfile } from './okta-token-profile.js';
