import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A dual-auth plugin package found in a workspace by its `"dualAuth"` package.json field. */
export interface WorkspacePlugin {
  readonly packageName: string;
  /** The package's folder. */
  readonly dir: string;
  readonly kind: 'adapter' | 'secrets-backend';
  /** The vendor (adapters) or the backend type (secrets backends). */
  readonly name: string;
  /**
   * The file URL of one of its entries (`.`, `./testing`): with `from` `'source'` (the default) the
   * TypeScript source when the export has the `@dual-auth/source` condition, else the built file;
   * with `'built'` always the built file (its `default` condition), which may not exist before a
   * build. Undefined when the package has no such export.
   */
  entry(subpath: string, from?: 'source' | 'built'): string | undefined;
}

type Exports = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

interface Manifest {
  readonly name?: string;
  readonly exports?: Exports;
  readonly workspaces?: readonly string[];
  readonly dualAuth?: { readonly kind?: string; readonly vendor?: string; readonly type?: string };
}

function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, 'package.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : undefined;
}

/** The folder holding `pnpm-workspace.yaml` (or a package.json with `workspaces`), upwards of `start`. */
function workspaceRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) || readManifest(dir)?.workspaces) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The workspace's package patterns (`packages/*`), from pnpm's file or package.json. */
function workspacePatterns(root: string): string[] {
  const yaml = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(yaml)) return [...(readManifest(root)?.workspaces ?? [])];
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of readFileSync(yaml, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inPackages = /^packages:\s*$/.test(line);
    const item = /^\s+-\s*['"]?([^'"#]+?)['"]?\s*$/.exec(line);
    if (inPackages && item?.[1] !== undefined) patterns.push(item[1]);
  }
  return patterns;
}

function packageDirs(root: string, pattern: string): string[] {
  if (!pattern.endsWith('/*')) return [join(root, pattern)];
  const parent = join(root, pattern.slice(0, -2));
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
    .sort();
}

function entryOf(
  dir: string,
  exports: Exports | undefined,
  subpath: string,
  from: 'source' | 'built',
): string | undefined {
  const target = exports?.[subpath];
  if (typeof target === 'string') return pathToFileURL(join(dir, target)).href;
  const file = (from === 'source' ? target?.['@dual-auth/source'] : undefined) ?? target?.default;
  return file === undefined ? undefined : pathToFileURL(join(dir, file)).href;
}

/**
 * The dual-auth plugin packages of the workspace around `from` (default: this package's own
 * folder, then the working directory): every package whose package.json has
 * `"dualAuth": { "kind": "adapter", "vendor": "<name>" }` or
 * `"dualAuth": { "kind": "secrets-backend", "type": "<name>" }`, sorted by folder. So the demo,
 * tests and tools find a new plugin without a list to edit. Outside a workspace: none.
 *
 * @example
 * const vendors = discoverWorkspacePlugins().filter((p) => p.kind === 'adapter').map((p) => p.name);
 */
export function discoverWorkspacePlugins(from?: string): WorkspacePlugin[] {
  const starts =
    from === undefined ? [dirname(fileURLToPath(import.meta.url)), process.cwd()] : [from];
  const root = starts.map(workspaceRoot).find((dir) => dir !== undefined);
  if (root === undefined) return [];
  const plugins: WorkspacePlugin[] = [];
  for (const dir of workspacePatterns(root).flatMap((pattern) => packageDirs(root, pattern))) {
    const manifest = readManifest(dir);
    const { kind, vendor, type } = manifest?.dualAuth ?? {};
    const name = kind === 'adapter' ? vendor : type;
    if ((kind !== 'adapter' && kind !== 'secrets-backend') || !name || !manifest?.name) continue;
    const { exports } = manifest;
    plugins.push({
      packageName: manifest.name,
      dir,
      kind,
      name,
      entry: (subpath, from = 'source') => entryOf(dir, exports, subpath, from),
    });
  }
  return plugins;
}
