import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { cliVersion } from './cli-version.js';
import { EXIT } from './run-cli.js';

// New user (session 37): an operator logging which CLI checked the IdP in CI ran
// `dual-auth --version`, the usual flag, and got "error: unknown option '--version'", exit 2.

it('dual-auth --version (and -V) prints the package version, exit 0', async () => {
  const { version } = JSON.parse(
    await readFile(new URL('../package.json', import.meta.url), 'utf8'),
  );
  for (const flag of ['--version', '-V']) {
    const result = await capturedRun([flag], tmpdir());
    expect(result).toMatchObject({ code: EXIT.ok, stdout: `${version}\n`, stderr: '' });
  }
});

it("answers unknown for a package.json that is not @dual-auth/cli's, or none (runCli bundled elsewhere)", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-version-'));
  try {
    const other = join(dir, 'package.json');
    await writeFile(other, JSON.stringify({ name: 'my-agent', version: '9.9.9' }));
    expect(await cliVersion(pathToFileURL(other))).toBe('unknown');
    expect(await cliVersion(pathToFileURL(join(dir, 'none.json')))).toBe('unknown');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
