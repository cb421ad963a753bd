import type { IamAdapter } from '@dual-auth/core';
import { EntraIdAdapter } from './entraid-adapter.js';
import type { EntraIdAdapterOptions } from './entraid-adapter-options.js';
import type { EntraIdConfig } from './entraid-config.js';

/**
 * Makes the Entra ID adapter: `new EntraIdAdapter(config, options)` as a function, the factory of
 * {@link entraIdPlugin}.
 *
 * @example
 * const adapter = createEntraIdAdapter(config); // config.appPrivateKey holds the PEM
 */
export function createEntraIdAdapter(
  config: EntraIdConfig,
  options?: EntraIdAdapterOptions,
): IamAdapter {
  return new EntraIdAdapter(config, options);
}
