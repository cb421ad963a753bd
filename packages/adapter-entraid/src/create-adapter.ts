import type { EntraIdConfig, IamAdapter } from '@dual-auth/core';
import type { EntraIDAdapterOptions } from './entraid-adapter.js';
import { EntraIDAdapter } from './entraid-adapter.js';

/**
 * Core's plugin entry (`AdapterModule`): `createAdapter` of `@dual-auth/core` calls this when
 * `DUAL_AUTH_VENDOR=entraid`.
 *
 * @example
 * const adapter = createAdapter(config, { logger });
 */
export function createAdapter(config: EntraIdConfig, options?: EntraIDAdapterOptions): IamAdapter {
  return new EntraIDAdapter(config, options);
}
