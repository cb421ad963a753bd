import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { Vendor } from '../contracts/vendor.js';
import { VENDORS } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { checkOptionalObject } from './check-options.js';
import { describeValue } from './describe-value.js';
import { readEnv } from './read-env.js';

/** Options of {@link getVendor}. */
export interface GetVendorOptions {
  /** Environment to read. Default: {@link readEnv} at call time. */
  env?: EnvRecord | undefined;
}

/**
 * Checks a vendor name the way the reference does (trimmed, lowercased, one of {@link VENDORS}).
 * `undefined` or a blank value gives `undefined`, so callers can fall through to a default.
 *
 * @throws ConfigurationError naming `variable` when the name is not a known vendor.
 */
export function parseVendor(value: string | undefined, variable: string): Vendor | undefined {
  const name = value?.trim().toLowerCase();
  if (name === undefined || name === '') return undefined;
  if ((VENDORS as readonly string[]).includes(name)) return name as Vendor;
  throw new ConfigurationError({
    message: `Invalid vendor: '${describeValue(name)}'. Must be one of: ${VENDORS.join(', ')}`,
    variable,
  });
}

/**
 * The vendor named by `DUAL_AUTH_VENDOR` (trimmed, lowercased; unset or blank → `keycloak`).
 *
 * Reads the environment only. `getConfig()` may also find `DUAL_AUTH_VENDOR` in the secret store
 * when the environment has none, so the two can differ in that one case.
 *
 * Env: `DUAL_AUTH_VENDOR`.
 *
 * @throws ConfigurationError (`variable: 'DUAL_AUTH_VENDOR'`) for an unknown vendor.
 * @example
 * getVendor({ env: { DUAL_AUTH_VENDOR: ' Okta ' } }); // 'okta'
 */
export function getVendor(options: GetVendorOptions = {}): Vendor {
  checkOptionalObject(options, 'options');
  checkOptionalObject(options.env, 'options.env');
  const env = options.env ?? readEnv();
  return parseVendor(env.DUAL_AUTH_VENDOR, 'DUAL_AUTH_VENDOR') ?? 'keycloak';
}
