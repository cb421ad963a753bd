import { collectPlugins } from '../config/collect-plugins.js';
import { createDualAuthConfig } from '../config/create-dual-auth-config.js';
import type { GetConfigOptions } from '../config/get-config.js';
import { getConfig as getWebConfig } from '../config/get-config.js';
import { resolveAdapterPlugin } from '../config/resolve-adapter-plugin.js';
import type { ConfigOf, DualAuthConfig, VendorConfig } from '../contracts/config.js';
import type { ConfigOfPlugins, DualAuthPlugin } from '../contracts/plugin-modules.js';
import type { RegisteredVendor } from '../contracts/vendor.js';
import { readPrivateKeyFile } from './read-private-key-file.js';

/**
 * `getConfig` for Node: the same as `@dual-auth/core`'s, and when the vendor's plugin declares key
 * files (Entra ID's `APP_PRIVATE_KEY_PATH`) given only as a path, it also reads and checks each
 * file (exists, is a file, is readable; warns when world-readable) into its key field.
 *
 * Env: as `getConfig` of `@dual-auth/core`.
 *
 * @throws ConfigurationError, SecretsBackendError and TypeError as `getConfig` does, plus the key
 * file's errors (`APP_PRIVATE_KEY_PATH file does not exist (ENOENT): …`, naming the variable,
 * never the path).
 * @example
 * import { getConfig } from '@dual-auth/core/node';
 * const config = await getConfig(); // DUAL_AUTH_VENDOR=entraid, APP_PRIVATE_KEY_PATH=/etc/keys/app.pem
 * config.appPrivateKey; // '-----BEGIN PRIVATE KEY-----…' (redacted when printed)
 */
export async function getConfig<V extends RegisteredVendor>(
  options: GetConfigOptions & { vendor: V },
): Promise<ConfigOf<V>>;
export async function getConfig<const P extends readonly DualAuthPlugin[]>(
  options: GetConfigOptions & { vendor?: undefined; plugins: P },
): Promise<ConfigOfPlugins<P>>;
export async function getConfig(options?: GetConfigOptions): Promise<DualAuthConfig>;
export async function getConfig(options: GetConfigOptions = {}): Promise<DualAuthConfig> {
  const config: VendorConfig = await getWebConfig(options);
  const plugin = await resolveAdapterPlugin(config.vendor, {
    plugins: collectPlugins(options.plugins),
    importModule: options.importModule,
  });
  const fields = config as unknown as Readonly<Record<string, unknown>>;
  const read: Record<string, string> = {};
  for (const { pathField, keyField, variable } of plugin.keyFiles ?? []) {
    const path = fields[pathField];
    if (fields[keyField] !== undefined || typeof path !== 'string') continue;
    read[keyField] = await readPrivateKeyFile(path, { logger: options.logger, variable });
  }
  if (Object.keys(read).length === 0) return config as DualAuthConfig;
  return createDualAuthConfig({
    ...config,
    clientSecret: config.clientSecret,
    ...read,
  }) as DualAuthConfig;
}
