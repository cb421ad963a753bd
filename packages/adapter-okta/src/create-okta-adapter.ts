import type { IamAdapter } from '@dual-auth/core';
import type { OktaAdapterOptions } from './okta-adapter.js';
import { OktaAdapter } from './okta-adapter.js';
import type { OktaConfig } from './okta-config.js';

/**
 * Makes the Okta adapter: `new OktaAdapter(config, options)` as a function, the factory of
 * {@link oktaPlugin}.
 *
 * @example
 * const adapter = createOktaAdapter(config, { assertionAudience: 'token-endpoint' });
 */
export function createOktaAdapter(config: OktaConfig, options?: OktaAdapterOptions): IamAdapter {
  return new OktaAdapter(config, options);
}
