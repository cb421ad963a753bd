import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
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
