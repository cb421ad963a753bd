import { readFile } from 'node:fs/promises';

/**
 * The version of `@dual-auth/cli`, read from its package.json (one folder up from `src/` and from
 * `dist/`, where the command runs from), for `dual-auth --version`. `unknown` when that file is
 * not this package's: `runCli` bundled into another program, whose version it must not print.
 *
 * @param manifest - the package.json to read; the default is this package's.
 */
export async function cliVersion(
  manifest: URL = new URL('../package.json', import.meta.url),
): Promise<string> {
  try {
    const { name, version } = (JSON.parse(await readFile(manifest, 'utf8')) ?? {}) as {
      name?: unknown;
      version?: unknown;
    };
    return name === '@dual-auth/cli' && typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
