import {
  type AdapterPlugin,
  ConfigurationError,
  type DualAuthPlugin,
  type ImportModule,
} from '@dual-auth/core';

const isAdapterPlugin = (value: unknown, vendor: string): value is AdapterPlugin =>
  typeof value === 'object' &&
  value !== null &&
  (value as { kind?: unknown }).kind === 'adapter' &&
  (value as { vendor?: unknown }).vendor === vendor;

/**
 * The adapter plugin of `vendor`: the one in `plugins`, else the one `@dual-auth/adapter-<vendor>`
 * exports (loaded with `importModule`, the same package `getConfig` loaded by name).
 *
 * @throws ConfigurationError when the package exports no plugin for the vendor.
 */
export async function findAdapterPlugin(
  vendor: string,
  plugins: readonly DualAuthPlugin[],
  importModule: ImportModule,
): Promise<AdapterPlugin> {
  const given = plugins.find((plugin) => isAdapterPlugin(plugin, vendor));
  if (given !== undefined) return given as AdapterPlugin;
  const packageName = `@dual-auth/adapter-${vendor}`;
  const module = (await importModule(packageName)) as Record<string, unknown>;
  const found = Object.values(module).find((value) => isAdapterPlugin(value, vendor));
  if (found === undefined) {
    throw new ConfigurationError({
      message: `${packageName} exports no adapter plugin for ${vendor}`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
    });
  }
  return found;
}
