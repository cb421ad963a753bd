import type { IamAdapter, KeycloakConfig } from '@dual-auth/core';
import type { KeycloakAdapterOptions } from './keycloak-adapter.js';
import { KeycloakAdapter } from './keycloak-adapter.js';

/**
 * Core's plugin entry (`AdapterModule`): `createAdapter` of `@dual-auth/core` calls this when
 * `DUAL_AUTH_VENDOR=keycloak`.
 *
 * @example
 * const adapter = createAdapter(config, { logger });
 */
export function createAdapter(
  config: KeycloakConfig,
  options?: KeycloakAdapterOptions,
): IamAdapter {
  return new KeycloakAdapter(config, options);
}
