// An upgrade break (upgrade review, session 10): code that compiled on main against
// `getConfig({ plugins })` (then typed DualAuthConfig, every vendor of the program) and broke once
// the result was typed by the plugins given: an inline `switch (config.vendor)` with a case for a
// vendor not among the plugins (TS2678), `config = await getConfig()` into the same variable
// (TS2322). These are the documented ways back to the 0.x type (docs/upgrading.md): each fails
// here should it stop giving DualAuthConfig.
import { type DualAuthConfig, type DualAuthPlugin, getConfig } from '@dual-auth/core';
import { expectTypeOf, it } from 'vitest';
import { keycloakPlugin } from './keycloak-plugin.js';

// The program's second vendor, 'acme-test', is registered by get-config-plugins.test-d.ts (one
// type program): an app that imports two adapter packages.

/** An app's one place that turns any config of the program into a label (a switch over vendors). */
function describeVendor(config: DualAuthConfig): string {
  return config.vendor;
}

it('plugins annotated `: readonly DualAuthPlugin[]` give the 0.x DualAuthConfig', async () => {
  const plugins: readonly DualAuthPlugin[] = [keycloakPlugin];
  let config = await getConfig({ plugins });
  expectTypeOf(config).toEqualTypeOf<DualAuthConfig>();
  describeVendor(config);
  // A switch over every vendor the program knows, inline, as on main.
  switch (config.vendor) {
    case 'keycloak':
      break;
    case 'acme-test':
      break;
  }
  // Reading the config again, without plugins (every vendor), into the same variable.
  config = await getConfig();
});

it('a reader annotated `: Promise<DualAuthConfig>` gives the 0.x DualAuthConfig', async () => {
  const readConfig = (): Promise<DualAuthConfig> => getConfig({ plugins: [keycloakPlugin] });
  let config = await readConfig();
  // The union itself, so the inline switch above compiles here too.
  expectTypeOf(config).toEqualTypeOf<DualAuthConfig>();
  config = await getConfig();
});

it('a variable annotated `: DualAuthConfig` takes any vendor again', async () => {
  let config: DualAuthConfig = await getConfig({ plugins: [keycloakPlugin] });
  describeVendor(config);
  config = await getConfig();
  expectTypeOf(config).toEqualTypeOf<DualAuthConfig>();
});
