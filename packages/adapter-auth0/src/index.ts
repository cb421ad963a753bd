export type { Auth0AdapterOptions } from './auth0-adapter.js';
export { Auth0Adapter } from './auth0-adapter.js';
export { auth0TokenProfile } from './auth0-token-profile.js';
export { createAdapter } from './create-adapter.js';
