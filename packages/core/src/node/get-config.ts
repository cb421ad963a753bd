import { createDualAuthConfig } from '../config/create-dual-auth-config.js';
import type { GetConfigOptions } from '../config/get-config.js';
import { getConfig as getWebConfig } from '../config/get-config.js';
import type { ConfigOf, DualAuthConfig } from '../contracts/config.js';
import type { Vendor } from '../contracts/vendor.js';
import { readPrivateKeyFile } from './read-private-key-file.js';

/**
 * `getConfig` for Node: the same as `@dual-auth/core`'s, and for Entra ID with only
 * `APP_PRIVATE_KEY_PATH` it also reads and checks that file (exists, is a file, is readable; warns
 * when world-readable) and returns its PEM as `appPrivateKey`.
 *
 * Env: as `getConfig` of `@dual-auth/core`.
 *
 * @throws ConfigurationError, SecretsBackendError and TypeError as `getConfig` does, plus the key
 * file's errors (`APP_PRIVATE_KEY_PATH file does not exist: <p>`, …).
 * @example
 * import { getConfig } from '@dual-auth/core/node';
 * const config = await getConfig({ vendor: 'entraid' }); // APP_PRIVATE_KEY_PATH=/etc/keys/app.pem
 * config.appPrivateKey; // '-----BEGIN PRIVATE KEY-----…' (redacted when printed)
 */
export async function getConfig<V extends Vendor>(
  options: GetConfigOptions & { vendor: V },
): Promise<ConfigOf<V>>;
export async function getConfig(options?: GetConfigOptions): Promise<DualAuthConfig>;
export async function getConfig(options: GetConfigOptions = {}): Promise<DualAuthConfig> {
  const config = await getWebConfig(options);
  if (
    config.vendor !== 'entraid' ||
    config.appPrivateKey !== undefined ||
    config.appPrivateKeyPath === undefined
  ) {
    return config;
  }
  const appPrivateKey = await readPrivateKeyFile(config.appPrivateKeyPath, {
    logger: options.logger,
  });
  return createDualAuthConfig({ ...config, clientSecret: config.clientSecret, appPrivateKey });
}
