export { createOktaAdapter } from './create-okta-adapter.js';
export type { OktaAdapterOptions } from './okta-adapter.js';
export { OktaAdapter } from './okta-adapter.js';
export type { OktaAssertionAudience, OktaConfig } from './okta-config.js';
export { oktaPlugin } from './okta-plugin.js';
export { oktaTokenProfile } from './okta-token-profile.js';
