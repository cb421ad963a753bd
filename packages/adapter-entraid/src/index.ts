export { createAdapter } from './create-adapter.js';
export type { EntraIDAdapterOptions } from './entraid-adapter.js';
export { EntraIDAdapter } from './entraid-adapter.js';
export { entraIdTokenProfile } from './entraid-token-profile.js';
