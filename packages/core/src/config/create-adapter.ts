import type { DualAuthConfig } from '../contracts/config.js';
import type { IamAdapter } from '../contracts/iam-adapter.js';
import type { PluginOptions } from '../contracts/plugin-modules.js';
import { VENDORS } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import type { GetConfigOptions } from './get-config.js';
import { getConfig } from './get-config.js';
import { importPlugin } from './import-plugin.js';

/**
 * Options of {@link createAdapter}: those of `getConfig` (used when no config is given) and those
 * the adapter takes (`fetch`, `clock`, `logger`, …), which are passed on to it.
 */
export interface CreateAdapterOptions
  extends GetConfigOptions,
    Omit<PluginOptions, 'env' | 'logger'> {
  [option: string]: unknown;
}

const CONFIG_ONLY = [
  'vendor',
  'secretsBackend',
  'backend',
  'backendOptions',
  'importModule',
  'signal',
];

/**
 * Makes the IAM adapter of `config.vendor` by loading `@dual-auth/adapter-<vendor>` at run time and
 * calling its `createAdapter(config, options)`. So one variable, `DUAL_AUTH_VENDOR`, picks the IdP:
 * install the adapter packages you may use, and nothing else is bundled.
 *
 * Env: those of `getConfig` when `config` is not given.
 *
 * @throws ConfigurationError when the adapter package is not installed (`packageName` says which)
 * or implements another contract version; and `getConfig`'s errors.
 * @example
 * // DUAL_AUTH_VENDOR=okta, npm install @dual-auth/adapter-okta
 * const adapter = await createAdapter();
 * const token = await adapter.requestToken({ agentId, act: { sub: '00u1' }, scope: ['finance.read'] });
 */
export async function createAdapter(
  config?: DualAuthConfig,
  options: CreateAdapterOptions = {},
): Promise<IamAdapter> {
  if (
    config !== undefined &&
    (typeof config !== 'object' || config === null || !VENDORS.includes(config.vendor))
  ) {
    throw new TypeError(
      `config must be a DualAuthConfig with vendor one of: ${VENDORS.join(', ')}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('options must be an object');
  }
  const resolved = config ?? (await getConfig(options));
  const packageName = `@dual-auth/adapter-${resolved.vendor}`;
  const plugin = await importPlugin(packageName, {
    requestedBy: `DUAL_AUTH_VENDOR=${resolved.vendor}`,
    variable: 'DUAL_AUTH_VENDOR',
    importModule: options.importModule,
  });
  if (typeof plugin.createAdapter !== 'function') {
    throw new ConfigurationError({
      message: `${packageName} has no createAdapter export: install a version made for this @dual-auth/core`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
    });
  }
  const adapterOptions = Object.fromEntries(
    Object.entries(options).filter(([name]) => !CONFIG_ONLY.includes(name)),
  );
  let adapter: unknown;
  try {
    adapter = await plugin.createAdapter(resolved, adapterOptions);
  } catch (error) {
    if (DualAuthError.isInstance(error) || error instanceof TypeError) throw error;
    throw new ConfigurationError({
      message: `${packageName} could not create its adapter: ${error instanceof Error ? error.name : typeof error}`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
      cause: error,
    });
  }
  return checkAdapter(adapter, packageName);
}

function checkAdapter(adapter: unknown, packageName: string): IamAdapter {
  const candidate = adapter as Partial<IamAdapter> | null;
  const version =
    typeof candidate === 'object' && candidate !== null
      ? candidate.specificationVersion
      : undefined;
  if (version !== 'v1' || typeof candidate?.requestToken !== 'function') {
    throw new ConfigurationError({
      message: `${packageName} implements adapter contract ${String(version)}, this @dual-auth/core needs v1: install matching versions`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
    });
  }
  return candidate as IamAdapter;
}
