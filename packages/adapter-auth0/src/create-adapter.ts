import type { Auth0Config, IamAdapter } from '@dual-auth/core';
import type { Auth0AdapterOptions } from './auth0-adapter.js';
import { Auth0Adapter } from './auth0-adapter.js';

/**
 * Core's plugin entry (`AdapterModule`): `createAdapter` of `@dual-auth/core` calls this when
 * `DUAL_AUTH_VENDOR=auth0`.
 *
 * @example
 * const adapter = createAdapter(config, { logger });
 */
export function createAdapter(config: Auth0Config, options?: Auth0AdapterOptions): IamAdapter {
  return new Auth0Adapter(config, options);
}
