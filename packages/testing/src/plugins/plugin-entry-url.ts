import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { discoverWorkspacePlugins } from './discover-workspace-plugins.js';

/** Which plugin entry {@link pluginEntryUrl} looks for, and from where. */
export interface PluginEntryQuery {
  /** `adapter` or `secrets-backend`. */
  readonly kind: 'adapter' | 'secrets-backend';
  /** The vendor or backend type. */
  readonly name: string;
  /** The package's subpath: `.` or `./testing`. */
  readonly subpath: string;
  /**
   * The file URL of the module asking (this package's own file, source or built). Installed, it
   * also says which project installed this package: the folder before its first `node_modules`.
   */
  readonly self: string;
}

const PREFIX = { adapter: '@dual-auth/adapter-', 'secrets-backend': '@dual-auth/secrets-' };

/** The conventional package of a plugin (`@dual-auth/adapter-auth0`) and the subpath asked for. */
export function pluginSpecifier(
  query: Pick<PluginEntryQuery, 'kind' | 'name' | 'subpath'>,
): string {
  return `${PREFIX[query.kind]}${query.name}${query.subpath.slice(1)}`;
}

// Resolved as the consumer's own code would: node_modules upwards of its folder, the package's
// `exports` (its built files; the source condition is the repository's, not the consumer's).
function dependencyUrl(project: string, specifier: string): string | undefined {
  try {
    return pathToFileURL(createRequire(join(project, 'package.json')).resolve(specifier)).href;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw error;
  }
}

/**
 * The file URL to import for a plugin's entry, or `undefined` to import the conventional package
 * name ({@link pluginSpecifier}) as is.
 *
 * Run from the repository itself (`self` outside any `node_modules`): the workspace's plugin
 * packages first, as sources when `self` is a source file (the tests and tools load TypeScript),
 * else as built files. Installed (`self` inside `node_modules`): the dependency of the project
 * that installed this package (the folder before the first `node_modules` of `self`'s path),
 * resolved from there, never from the working directory (a `node_modules` or workspace planted
 * above it would run), nor the sources of whatever workspace encloses the project; failing that,
 * a plugin package of the project's own workspace, by its built file.
 *
 * @throws TypeError when the plugin package found in the workspace has no built file for the
 *   subpath (build it, or install the published package)
 */
export function pluginEntryUrl(query: PluginEntryQuery): string | undefined {
  const selfPath = fileURLToPath(query.self);
  const parts = selfPath.split(sep);
  const installedAt = parts.indexOf('node_modules');
  const installed = installedAt !== -1;
  const project = installed ? parts.slice(0, installedAt).join(sep) || sep : dirname(selfPath);
  const specifier = pluginSpecifier(query);
  const dependency = installed ? dependencyUrl(project, specifier) : undefined;
  if (dependency !== undefined) return dependency;
  const from = installed ? 'built' : selfPath.endsWith('.ts') ? 'source' : 'built';
  const found = discoverWorkspacePlugins(project).find(
    (plugin) => plugin.kind === query.kind && plugin.name === query.name,
  );
  const url = found?.entry(query.subpath, from);
  if (found === undefined || url === undefined) return undefined;
  if (from === 'built' && !existsSync(fileURLToPath(url))) {
    throw new TypeError(
      `${found.packageName} (${found.dir}) is the ${query.name} plugin of your workspace, but its ${query.subpath} export ${fileURLToPath(url)} is not built: build it (pnpm --filter ${found.packageName} build), or install ${specifier.split('/').slice(0, 2).join('/')} in ${project}`,
    );
  }
  return url;
}
