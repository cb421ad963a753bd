import type { IamAdapter, OktaConfig } from '@dual-auth/core';
import type { OktaAdapterOptions } from './okta-adapter.js';
import { OktaAdapter } from './okta-adapter.js';

/**
 * Core's plugin entry (`AdapterModule`): `createAdapter` of `@dual-auth/core` calls this when
 * `DUAL_AUTH_VENDOR=okta`.
 *
 * @example
 * const adapter = createAdapter(config, { logger });
 */
export function createAdapter(config: OktaConfig, options?: OktaAdapterOptions): IamAdapter {
  return new OktaAdapter(config, options);
}
