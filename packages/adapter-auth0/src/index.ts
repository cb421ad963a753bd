export { Auth0Adapter } from './auth0-adapter.js';
export type { Auth0AdapterOptions } from './auth0-adapter-options.js';
export type { Auth0Config } from './auth0-config.js';
export { auth0Plugin } from './auth0-plugin.js';
export { auth0TokenProfile } from './auth0-token-profile.js';
export { createAuth0Adapter } from './create-auth0-adapter.js';
