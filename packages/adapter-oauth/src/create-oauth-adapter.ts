import type { IamAdapter } from '@dual-auth/core';
import type { OAuthAdapterOptions } from './oauth-adapter.js';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

/**
 * Makes the adapter of a standards-based OAuth 2.0 IdP: `new OAuthAdapter(config, options)` as a
 * function, the factory of {@link oauthPlugin}.
 *
 * @example
 * const adapter = createOAuthAdapter(await getConfig({ plugins: [oauthPlugin] }));
 */
export function createOAuthAdapter(config: OAuthConfig, options?: OAuthAdapterOptions): IamAdapter {
  return new OAuthAdapter(config, options);
}
