import type { CreateAdapterOptions } from '../config/create-adapter.js';
import { createAdapter as createWebAdapter } from '../config/create-adapter.js';
import type { VendorConfig } from '../contracts/config.js';
import type { IamAdapter } from '../contracts/iam-adapter.js';
import { getConfig } from './get-config.js';

/**
 * `createAdapter` for Node: the same as `@dual-auth/core`'s, but when no config is given it loads
 * one with the Node `getConfig`, so a key file (Entra ID's `APP_PRIVATE_KEY_PATH`) is read from
 * disk.
 *
 * Env: as `getConfig` when `config` is not given.
 *
 * @throws as `createAdapter` and `getConfig` of `@dual-auth/core/node`.
 * @example
 * import { createAdapter } from '@dual-auth/core/node';
 * const adapter = await createAdapter(); // DUAL_AUTH_VENDOR=entraid, APP_PRIVATE_KEY_PATH=…
 */
export async function createAdapter(
  config?: VendorConfig,
  options: CreateAdapterOptions = {},
): Promise<IamAdapter> {
  return createWebAdapter(config ?? (await getConfig(options)), options);
}
