import type { TokenProfile } from '@dual-auth/core/jwt';
import { loadPluginExport } from '@dual-auth/testing';

function isTokenProfileOf(vendor: string) {
  return (value: unknown): value is TokenProfile => {
    const profile = value as Partial<TokenProfile> | null;
    return (
      typeof profile === 'object' &&
      profile !== null &&
      profile.vendor === vendor &&
      Array.isArray(profile.layouts) &&
      Array.isArray(profile.clientIdClaims)
    );
  };
}

/**
 * The token profile the vendor's adapter package exports (`oktaTokenProfile`…), found in the
 * workspace's adapter packages like the adapter plugin itself: the API learns where the vendor's
 * tokens keep the agent and the human without a list of vendors here.
 *
 * @throws Error when the vendor's adapter package exports no token profile.
 */
export async function vendorTokenProfile(vendor: string): Promise<TokenProfile> {
  const profile = await loadPluginExport({
    kind: 'adapter',
    name: vendor,
    subpath: '.',
    matches: isTokenProfileOf(vendor),
  });
  if (profile === undefined) {
    throw new Error(
      `@dual-auth/adapter-${vendor} exports no token profile: @dual-auth/resource cannot verify its tokens`,
    );
  }
  return profile;
}
