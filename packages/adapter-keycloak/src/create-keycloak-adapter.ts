import type { IamAdapter } from '@dual-auth/core';
import type { KeycloakAdapterOptions } from './keycloak-adapter.js';
import { KeycloakAdapter } from './keycloak-adapter.js';
import type { KeycloakConfig } from './keycloak-config.js';

/**
 * Makes the Keycloak adapter: `new KeycloakAdapter(config, options)` as a function, the factory of
 * {@link keycloakPlugin}.
 *
 * @example
 * const adapter = createKeycloakAdapter(await getConfig({ plugins: [keycloakPlugin] }), { logger });
 */
export function createKeycloakAdapter(
  config: KeycloakConfig,
  options?: KeycloakAdapterOptions,
): IamAdapter {
  return new KeycloakAdapter(config, options);
}
