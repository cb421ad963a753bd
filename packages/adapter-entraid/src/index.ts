export { createEntraIdAdapter } from './create-entraid-adapter.js';
export { EntraIDAdapter, EntraIdAdapter } from './entraid-adapter.js';
export type {
  EntraIDAdapterOptions,
  EntraIdAdapterOptions,
} from './entraid-adapter-options.js';
export type { EntraIdConfig } from './entraid-config.js';
export { entraIdPlugin } from './entraid-plugin.js';
export { entraIdTokenProfile } from './entraid-token-profile.js';
