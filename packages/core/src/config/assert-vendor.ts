import type { ConfigOf, VendorConfig } from '../contracts/config.js';
import type { RegisteredVendor, Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Narrows a config to one vendor's type, so code written for one IdP can take what `getConfig()`
 * returns: the guide's `KeycloakAdapter(get_config())` becomes
 * `assertVendor(config, <its vendor>); new KeycloakAdapter(config)`.
 *
 * @throws ConfigurationError (`variable: 'DUAL_AUTH_VENDOR'`) when the config is another vendor's.
 * @example
 * const config = await getConfig();
 * assertVendor(config, 'acme');
 * config.audience; // typed as AcmeConfig once @dual-auth/adapter-acme is imported
 */
export function assertVendor<V extends RegisteredVendor | Vendor>(
  config: VendorConfig,
  vendor: V,
): asserts config is ConfigOf<V> {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError('config must be an object');
  }
  if (config.vendor !== vendor) {
    throw new ConfigurationError({
      message: `Expected a ${vendor} config, got one for ${String(config.vendor)}: check DUAL_AUTH_VENDOR`,
      variable: 'DUAL_AUTH_VENDOR',
    });
  }
}
