import type { AdapterPlugin } from '@dual-auth/core';
import { discoverWorkspacePlugins } from './discover-workspace-plugins.js';
import { loadPluginExport } from './load-plugin-export.js';

function isAdapterPluginOf(vendor: string) {
  return (value: unknown): value is AdapterPlugin => {
    const plugin = value as Partial<AdapterPlugin> | null;
    return (
      typeof plugin === 'object' &&
      plugin !== null &&
      plugin.kind === 'adapter' &&
      plugin.vendor === vendor
    );
  };
}

/**
 * The adapter plugins of every adapter package in the workspace (see
 * {@link discoverWorkspacePlugins}), loaded from their sources, in folder order.
 *
 * @example
 * const plugins = await loadWorkspaceAdapterPlugins();
 * const config = await getConfig({ plugins });
 */
export async function loadWorkspaceAdapterPlugins(): Promise<AdapterPlugin[]> {
  const vendors = discoverWorkspacePlugins()
    .filter((plugin) => plugin.kind === 'adapter')
    .map((plugin) => plugin.name);
  const plugins = await Promise.all(
    vendors.map((vendor) =>
      loadPluginExport({
        kind: 'adapter',
        name: vendor,
        subpath: '.',
        matches: isAdapterPluginOf(vendor),
      }),
    ),
  );
  return plugins.filter((plugin): plugin is AdapterPlugin => plugin !== undefined);
}
