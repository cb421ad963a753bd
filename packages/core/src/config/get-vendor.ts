import type { DualAuthPlugin, EnvRecord } from '../contracts/plugin-modules.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { checkOption } from './check-option.js';
import { type CollectedPlugins, collectPlugins } from './collect-plugins.js';
import { envVariable } from './env-variable.js';
import { parsePluginName } from './parse-plugin-name.js';
import { readEnv } from './read-env.js';

/** Options of {@link getVendor}. */
export interface GetVendorOptions {
  /** Environment to read. Default: {@link readEnv} at call time. */
  env?: EnvRecord | undefined;
  /**
   * The adapters this program uses. When given, the vendor must be one of them, and the first
   * is the default when `DUAL_AUTH_VENDOR` is unset (the reference's default, Keycloak, was
   * its first vendor).
   */
  plugins?: readonly DualAuthPlugin[] | undefined;
}

/**
 * Checks a vendor name the way the reference does (trimmed, lowercased); with adapters in
 * `plugins`, it must be one of theirs. `undefined` or a blank value gives `undefined`, so callers
 * can fall through to a default.
 *
 * @throws ConfigurationError naming `variable` for a name that is not a vendor.
 */
export function parseVendor(
  value: string | undefined,
  variable: string,
  plugins: CollectedPlugins,
): Vendor | undefined {
  const known = plugins.adapters.map((plugin) => plugin.vendor);
  return parsePluginName(value, {
    label: 'vendor',
    variable,
    known: known.length > 0 ? known : undefined,
  });
}

/**
 * The vendor when none is named: the first adapter passed in `plugins`.
 *
 * @throws ConfigurationError (`variable: 'DUAL_AUTH_VENDOR'`) when no adapter was passed.
 */
export function defaultVendor(plugins: CollectedPlugins): Vendor {
  const [first] = plugins.adapters;
  if (first !== undefined) return first.vendor;
  throw new ConfigurationError({
    message:
      'DUAL_AUTH_VENDOR is not set: set it to your IdP (DUAL_AUTH_VENDOR=<vendor> loads @dual-auth/adapter-<vendor>) or pass its adapter plugin in the plugins option',
    variable: 'DUAL_AUTH_VENDOR',
  });
}

/**
 * The vendor named by `DUAL_AUTH_VENDOR` (trimmed, lowercased); unset or blank → the first
 * adapter in `plugins`.
 *
 * Reads the environment only. `getConfig()` may also find `DUAL_AUTH_VENDOR` in the secret store
 * when the environment has none, so the two can differ in that one case.
 *
 * Env: `DUAL_AUTH_VENDOR`.
 *
 * @throws ConfigurationError (`variable: 'DUAL_AUTH_VENDOR'`) for a name that is no vendor, or
 * none at all without `plugins`.
 * @example
 * getVendor({ env: { DUAL_AUTH_VENDOR: ' Acme ' } }); // 'acme'
 */
export function getVendor(options: GetVendorOptions = {}): Vendor {
  checkOption(options, 'env', 'object');
  const plugins = collectPlugins(options?.plugins);
  const env = options.env ?? readEnv();
  return (
    parseVendor(envVariable(env, 'DUAL_AUTH_VENDOR'), 'DUAL_AUTH_VENDOR', plugins) ??
    defaultVendor(plugins)
  );
}
