export { createOAuthAdapter } from './create-oauth-adapter.js';
export {
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
} from './delegation-form.js';
export type { OAuthAdapterOptions } from './oauth-adapter.js';
export { OAuthAdapter } from './oauth-adapter.js';
export type {
  OAuthActorToken,
  OAuthConfig,
  OAuthMode,
  OAuthPreset,
  OAuthSigningAlg,
  OAuthTokenAuthMethod,
} from './oauth-config.js';
export { oauthPlugin } from './oauth-plugin.js';
export { OAUTH_PRESETS, type OAuthPresetDefaults } from './oauth-presets.js';
export { oauthTokenProfile } from './oauth-token-profile.js';
