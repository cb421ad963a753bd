import type { AdapterPlugin, SecretsBackendPlugin } from '../contracts/plugin-modules.js';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/** The `plugins` option, sorted by kind; each list is in the order given. */
export interface CollectedPlugins {
  readonly adapters: readonly AdapterPlugin[];
  readonly stores: readonly SecretsBackendPlugin[];
}

/** Whether `value` has the shape of an {@link AdapterPlugin} (of any contract version). */
export function isAdapterPlugin(value: unknown): value is AdapterPlugin {
  const plugin = value as Partial<AdapterPlugin> | null;
  return (
    typeof plugin === 'object' &&
    plugin !== null &&
    plugin.kind === 'adapter' &&
    typeof plugin.vendor === 'string' &&
    Array.isArray(plugin.settings) &&
    typeof plugin.createAdapter === 'function'
  );
}

/** Whether `value` has the shape of a {@link SecretsBackendPlugin} (of any contract version). */
export function isSecretsBackendPlugin(value: unknown): value is SecretsBackendPlugin {
  const plugin = value as Partial<SecretsBackendPlugin> | null;
  return (
    typeof plugin === 'object' &&
    plugin !== null &&
    plugin.kind === 'secrets-backend' &&
    typeof plugin.type === 'string' &&
    typeof plugin.createSecretsBackend === 'function'
  );
}

/**
 * Refuses a plugin built for another contract version by name, before anything is called on it.
 *
 * @throws ConfigurationError naming the package.
 */
export function checkPluginVersion(
  plugin: { specificationVersion?: unknown },
  packageName: string,
): void {
  if (plugin.specificationVersion !== SPECIFICATION_VERSION) {
    throw new ConfigurationError({
      message: `${packageName} implements plugin contract ${String(plugin.specificationVersion)}, this @dual-auth/core needs ${SPECIFICATION_VERSION}: install matching versions`,
      packageName,
    });
  }
}

/**
 * Sorts the `plugins` option into adapters and secrets backends, checking each.
 *
 * @throws TypeError for an entry that is no plugin, or two plugins of one name.
 * @throws ConfigurationError for a plugin of another contract version.
 */
export function collectPlugins(plugins: unknown): CollectedPlugins {
  if (plugins === undefined) return { adapters: [], stores: [] };
  if (!Array.isArray(plugins)) {
    throw new TypeError('options.plugins must be an array of dual-auth plugins');
  }
  const adapters: AdapterPlugin[] = [];
  const stores: SecretsBackendPlugin[] = [];
  for (const [index, plugin] of plugins.entries()) {
    if (isAdapterPlugin(plugin)) {
      checkPluginVersion(plugin, `@dual-auth/adapter-${plugin.vendor}`);
      adapters.push(plugin);
    } else if (isSecretsBackendPlugin(plugin)) {
      checkPluginVersion(plugin, `@dual-auth/secrets-${plugin.type}`);
      stores.push(plugin);
    } else {
      throw new TypeError(
        `options.plugins[${index}] must be a dual-auth plugin (an AdapterPlugin or a SecretsBackendPlugin)`,
      );
    }
  }
  for (const names of [adapters.map((a) => a.vendor), stores.map((s) => s.type)]) {
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw new TypeError(`options.plugins has two plugins for ${twice}`);
  }
  return { adapters, stores };
}
