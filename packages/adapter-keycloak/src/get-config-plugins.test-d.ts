import {
  type AdapterPlugin,
  type DualAuthConfig,
  getConfig,
  type SecretsBackendPlugin,
  type VendorConfig,
} from '@dual-auth/core';
import { getConfig as getNodeConfig } from '@dual-auth/core/node';
import { expectTypeOf, it } from 'vitest';
import { KeycloakAdapter } from './keycloak-adapter.js';
import type { KeycloakConfig } from './keycloak-config.js';
import { keycloakPlugin } from './keycloak-plugin.js';

// A second vendor in the program, as in an app that imports two adapter packages: getConfig()
// without plugins may then give either config.
interface AcmeConfig extends VendorConfig {
  readonly vendor: 'acme-test';
  readonly acmeTenant: string;
}
declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    'acme-test': AcmeConfig;
  }
}
declare const acmePlugin: AdapterPlugin<AcmeConfig>;
declare const fileSecretsPlugin: SecretsBackendPlugin;

it('getConfig({ plugins }) is typed by the adapter plugins given: no vendor, no cast', async () => {
  const config = await getConfig({ plugins: [keycloakPlugin] });
  expectTypeOf(config).toEqualTypeOf<KeycloakConfig>();
  new KeycloakAdapter(config);
  expectTypeOf(await getNodeConfig({ plugins: [keycloakPlugin] })).toEqualTypeOf<KeycloakConfig>();
  expectTypeOf(
    await getConfig({ plugins: [keycloakPlugin, fileSecretsPlugin] }),
  ).toEqualTypeOf<KeycloakConfig>();
  expectTypeOf(await getConfig({ plugins: [keycloakPlugin, acmePlugin] })).toEqualTypeOf<
    KeycloakConfig | AcmeConfig
  >();
});

it('getConfig is typed by vendor first, and is any vendor without an adapter plugin', async () => {
  expectTypeOf(
    await getConfig({ vendor: 'keycloak', plugins: [keycloakPlugin] }),
  ).toEqualTypeOf<KeycloakConfig>();
  expectTypeOf(await getConfig({ plugins: [fileSecretsPlugin] })).toEqualTypeOf<DualAuthConfig>();
  expectTypeOf(await getConfig()).toEqualTypeOf<KeycloakConfig | AcmeConfig>();
  const plugins: readonly AdapterPlugin[] = [keycloakPlugin];
  expectTypeOf(await getConfig({ plugins })).toEqualTypeOf<DualAuthConfig>();
  // @ts-expect-error a config of either vendor is not a Keycloak config
  new KeycloakAdapter(await getConfig({ plugins: [keycloakPlugin, acmePlugin] }));
});
