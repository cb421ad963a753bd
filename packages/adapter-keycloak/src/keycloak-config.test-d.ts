import { assertVendor, type ConfigOf, getConfig, type VendorConfig } from '@dual-auth/core';
import { expectTypeOf, it } from 'vitest';
import { KeycloakAdapter } from './keycloak-adapter.js';
import type { KeycloakConfig } from './keycloak-config.js';

it('getConfig({ vendor: keycloak }) is typed as KeycloakConfig', async () => {
  expectTypeOf(await getConfig({ vendor: 'keycloak' })).toEqualTypeOf<KeycloakConfig>();
  expectTypeOf<ConfigOf<'keycloak'>>().toEqualTypeOf<KeycloakConfig>();
});

it("the guide's KeycloakAdapter(get_config()) typechecks after assertVendor", async () => {
  // What getConfig() gives a program that may run any vendor.
  const config: VendorConfig = await getConfig();
  // @ts-expect-error a config of any vendor is not a Keycloak config
  new KeycloakAdapter(config);
  assertVendor(config, 'keycloak');
  expectTypeOf(config).toEqualTypeOf<KeycloakConfig>();
  new KeycloakAdapter(config);
});
