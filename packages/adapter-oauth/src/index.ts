export { createOAuthAdapter } from './create-oauth-adapter.js';
export type { OAuthAdapterOptions } from './oauth-adapter.js';
export { OAuthAdapter } from './oauth-adapter.js';
export type {
  OAuthConfig,
  OAuthMode,
  OAuthSigningAlg,
  OAuthTokenAuthMethod,
} from './oauth-config.js';
export { oauthPlugin } from './oauth-plugin.js';
