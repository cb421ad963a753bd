import { requireValue } from '@dual-auth/core';
import { pluginEntryUrl, pluginSpecifier } from './plugin-entry-url.js';

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

/**
 * An export of a plugin package, found by name. Run from the repository: the workspace's plugin
 * packages first (their sources, so tests need no build). Installed: the dependency of the project
 * that installed `@dual-auth/testing`, resolved from that project (not the working directory), then
 * a plugin package of that project's own workspace (its built files). Else by `import()` of the package name. `undefined` when none has it.
 *
 * @throws TypeError when the consumer's workspace holds the plugin unbuilt (build it, or install
 *   the published package); the error of a plugin that fails to load
 */
export async function loadPluginExport<T>(query: PluginExportQuery<T>): Promise<T | undefined> {
  requireValue(query, 'query', 'object');
  requireValue(query.name, 'query.name', 'string');
  requireValue(query.subpath, 'query.subpath', 'string');
  requireValue(query.matches, 'query.matches', 'function');
  const found = pluginEntryUrl({ ...query, self: import.meta.url });
  const specifier = found ?? pluginSpecifier(query);
  let module: Record<string, unknown>;
  try {
    module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (error) {
    // Only "not installed" means "not there"; a plugin that fails to load says why. Node names
    // the missing package without the subpath asked for, and quoted, unlike the importing file.
    if (found !== undefined || !isNotInstalled(error, specifier)) throw error;
    return undefined;
  }
  return Object.values(module).find(query.matches);
}

function isNotInstalled(error: unknown, specifier: string): boolean {
  const message = String((error as Error | undefined)?.message);
  const packageName = specifier.split('/').slice(0, 2).join('/');
  return message.includes(specifier) || message.includes(`'${packageName}'`);
}
