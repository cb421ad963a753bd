import {
  ConfigurationError,
  type DoctorAdvice,
  type DualAuthPlugin,
  type ImportModule,
  type VendorConfig,
} from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { findAdapterPlugin } from './find-adapter-plugin.js';
import { loadDoctorAdvice } from './load-doctor-advice.js';

/**
 * The token profile an API reads the config's tokens with: the advice's own, or the `tokenProfile`
 * of the doctor advice of the vendor its `tokenProfileVendor` names (the OAuth adapter's
 * `OAUTH_PRESET=entraid`: `entraIdTokenProfile` of `@dual-auth/adapter-entraid`), so the doctor
 * judges a token with the same profile functions as the API.
 *
 * @throws ConfigurationError when that vendor's adapter package cannot be loaded, saying to
 * install it.
 */
export async function loadTokenProfile(
  advice: DoctorAdvice,
  config: VendorConfig,
  plugins: readonly DualAuthPlugin[],
  importModule: ImportModule,
): Promise<TokenProfile> {
  const vendor = advice.tokenProfileVendor?.(config);
  if (vendor === undefined || vendor === config.vendor) return advice.tokenProfile;
  const packageName = `@dual-auth/adapter-${vendor}`;
  try {
    const plugin = await findAdapterPlugin(vendor, plugins, importModule);
    return (await loadDoctorAdvice(plugin, importModule)).tokenProfile;
  } catch (error) {
    throw new ConfigurationError({
      message: `the API reads these ${config.vendor} tokens with the ${vendor} token profile, and so does the doctor: it could not load ${packageName} (npm install --save-dev ${packageName})`,
      packageName,
      cause: error,
    });
  }
}
