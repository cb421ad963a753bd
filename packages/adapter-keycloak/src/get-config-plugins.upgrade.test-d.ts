// An upgrade break (upgrade review, session 10): code that compiled on main against
// `getConfig({ plugins })` (then typed DualAuthConfig, every vendor of the program) and no longer
// does, now that the result is typed by the plugins given.
import { type DualAuthConfig, getConfig } from '@dual-auth/core';
import { expectTypeOf, it } from 'vitest';
import { keycloakPlugin } from './keycloak-plugin.js';

// The program's second vendor, 'acme-test', is registered by get-config-plugins.test-d.ts (one
// type program): an app that imports two adapter packages.

/** An app's one place that turns any config of the program into a label (a switch over vendors). */
function describeVendor(config: DualAuthConfig): string {
  return config.vendor;
}

it('a config from getConfig({ plugins }) still goes where 0.x code put it', async () => {
  let config = await getConfig({ plugins: [keycloakPlugin] });
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
  expectTypeOf(config).toMatchTypeOf<DualAuthConfig>();
});
