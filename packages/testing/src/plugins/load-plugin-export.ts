import { discoverWorkspacePlugins } from './discover-workspace-plugins.js';

/** What {@link loadPluginExport} looks for. */
export interface PluginExportQuery<T> {
  /** `adapter` or `secrets-backend`. */
  readonly kind: 'adapter' | 'secrets-backend';
  /** The vendor or backend type. */
  readonly name: string;
  /** The package's subpath: `.` or `./testing`. */
  readonly subpath: string;
  /** Which export is wanted (found by shape, whatever its name). */
  readonly matches: (value: unknown) => value is T;
}

const PREFIX = { adapter: '@dual-auth/adapter-', 'secrets-backend': '@dual-auth/secrets-' };

/**
 * An export of a plugin package, found by name: in the workspace's plugin packages first (their
 * sources, so tests need no build), else by `import()` of the installed package. `undefined` when
 * neither has it.
 */
export async function loadPluginExport<T>(query: PluginExportQuery<T>): Promise<T | undefined> {
  const found = discoverWorkspacePlugins().find(
    (plugin) => plugin.kind === query.kind && plugin.name === query.name,
  );
  const specifier =
    found?.entry(query.subpath) ?? `${PREFIX[query.kind]}${query.name}${query.subpath.slice(1)}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (error) {
    // Only "not installed" means "not there"; a plugin that fails to load says why.
    if (found !== undefined || !String((error as Error)?.message).includes(specifier)) throw error;
    return undefined;
  }
  return Object.values(module).find(query.matches);
}
