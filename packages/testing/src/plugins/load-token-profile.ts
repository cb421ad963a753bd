import type { TokenProfile } from '@dual-auth/core/jwt';
import { loadPluginExport } from './load-plugin-export.js';

function isTokenProfileOf(vendor: string) {
  return (value: unknown): value is TokenProfile => {
    const profile = value as Partial<TokenProfile> | null;
    return (
      typeof profile === 'object' &&
      profile !== null &&
      profile.vendor === vendor &&
      typeof profile.specificationVersion === 'string' &&
      Array.isArray(profile.layouts) &&
      Array.isArray(profile.clientIdClaims)
    );
  };
}

/**
 * The `TokenProfile` (`@dual-auth/core/jwt`) that `@dual-auth/adapter-<vendor>` exports, found by
 * shape in its main export: from the workspace's sources, else the installed package. What a
 * test's API verifies a vendor's tokens with, with no vendor list in the test.
 *
 * @param vendor - The vendor, as `DUAL_AUTH_VENDOR` names it (`keycloak`, `entraid`…).
 * @throws TypeError when `vendor` is not a package-name part, or no package exports its profile.
 * @example
 * const idp = await startLocalIdp({ vendor: 'okta' });
 * const guard = createDualAuthGuard({ profile: await loadTokenProfile(idp.vendor), ... });
 */
export async function loadTokenProfile(vendor: string): Promise<TokenProfile> {
  if (typeof vendor !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(vendor)) {
    throw new TypeError('loadTokenProfile: vendor must be a vendor name such as "keycloak"');
  }
  const profile = await loadPluginExport({
    kind: 'adapter',
    name: vendor,
    subpath: '.',
    matches: isTokenProfileOf(vendor),
  });
  if (profile === undefined) {
    throw new TypeError(
      `loadTokenProfile: no token profile for ${vendor}: install @dual-auth/adapter-${vendor}, whose main export has it`,
    );
  }
  return profile;
}
