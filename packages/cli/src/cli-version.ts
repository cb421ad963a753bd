import { readFile } from 'node:fs/promises';

/**
 * The version of `@dual-auth/cli`, read from its package.json (one folder up from `src/` and from
 * `dist/`, where the command runs from), for `dual-auth --version`. `unknown` when that file is
 * not this package's: `runCli` bundled into another program, whose version it must not print.
 */
export async function cliVersion(): Promise<string> {
  try {
    const manifest: unknown = JSON.parse(
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    );
    const { name, version } = (manifest ?? {}) as { name?: unknown; version?: unknown };
    return name === '@dual-auth/cli' && typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
