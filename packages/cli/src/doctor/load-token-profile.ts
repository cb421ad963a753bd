import type { DoctorAdvice, DualAuthPlugin, ImportModule, VendorConfig } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { findAdapterPlugin } from './find-adapter-plugin.js';
import { loadDoctorAdvice } from './load-doctor-advice.js';

/** The profile the doctor judges tokens with, and the vendor profile it could not load. */
export interface DoctorTokenProfile {
  readonly profile: TokenProfile;
  /**
   * Why the API must never check `audience`, from the advice of the IdP that issues the tokens
   * (`DoctorAdvice.sharedAudience`: `OAUTH_PRESET=keycloak` → Keycloak's `account`).
   */
  readonly sharedAudience: (audience: string) => string | undefined;
  /**
   * Set when the API reads the tokens with another vendor's profile whose adapter package could
   * not be loaded: `profile` is then the advice's own (generic) one, and the checks that read the
   * profile say to install `packageName`.
   */
  readonly missing?: { readonly vendor: string; readonly packageName: string } | undefined;
}

/**
 * The token profile an API reads the config's tokens with: the advice's own, or the `tokenProfile`
 * of the doctor advice of the vendor its `tokenProfileVendor` names (the OAuth adapter's
 * `OAUTH_PRESET=entraid`: `entraIdTokenProfile` of `@dual-auth/adapter-entraid`), so the doctor
 * judges a token with the same profile functions as the API.
 *
 * `@dual-auth/cli` depends on no adapter: when that vendor's adapter package cannot be loaded, the
 * advice's own profile and the package to install (`missing`), so the doctor still runs every check.
 */
export async function loadTokenProfile(
  advice: DoctorAdvice,
  config: VendorConfig,
  plugins: readonly DualAuthPlugin[],
  importModule: ImportModule,
): Promise<DoctorTokenProfile> {
  const vendor = advice.tokenProfileVendor?.(config);
  if (vendor === undefined || vendor === config.vendor) return judgedBy(advice);
  try {
    const plugin = await findAdapterPlugin(vendor, plugins, importModule);
    return judgedBy(await loadDoctorAdvice(plugin, importModule));
  } catch {
    return {
      ...judgedBy(advice),
      missing: { vendor, packageName: `@dual-auth/adapter-${vendor}` },
    };
  }
}

const judgedBy = (advice: DoctorAdvice): DoctorTokenProfile => ({
  profile: advice.tokenProfile,
  sharedAudience: (audience) => advice.sharedAudience?.(audience),
});
