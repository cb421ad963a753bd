import { describe, expect, it } from 'vitest';
import { discoverWorkspacePlugins } from './discover-workspace-plugins.js';
import { loadTokenProfile } from './load-token-profile.js';

const VENDORS = discoverWorkspacePlugins()
  .filter((plugin) => plugin.kind === 'adapter')
  .map((plugin) => plugin.name);

describe('loadTokenProfile', () => {
  it.each(VENDORS)('loads the token profile %s exports, by its vendor', async (vendor) => {
    const profile = await loadTokenProfile(vendor);
    expect(profile.vendor).toBe(vendor);
    expect(profile.layouts.length).toBeGreaterThan(0);
    expect(Array.isArray(profile.clientIdClaims)).toBe(true);
  });

  it('is the object the adapter package exports', async () => {
    const keycloak = discoverWorkspacePlugins().find((plugin) => plugin.name === 'keycloak');
    const module = await import(/* @vite-ignore */ String(keycloak?.entry('.')));
    expect(await loadTokenProfile('keycloak')).toBe(module.keycloakTokenProfile);
  });

  it('refuses a vendor no package has, saying what to install', async () => {
    await expect(loadTokenProfile('nosuchvendor')).rejects.toThrow(
      new TypeError(
        'loadTokenProfile: no token profile for nosuchvendor: install @dual-auth/adapter-nosuchvendor, whose main export has it',
      ),
    );
  });

  it('refuses a name that cannot be a package name', async () => {
    await expect(loadTokenProfile('../core')).rejects.toThrow(TypeError);
  });
});
