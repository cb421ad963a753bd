import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// wave25/newuser: a vendor or secrets package the project has not installed. Core's message is for
// code ("pass `plugins: [...]` to createAdapter/getConfig"); the CLI's operator has `--plugin` and
// the project the CLI runs in, whose node_modules it loads packages from.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-missing-plugin-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('an adapter package not installed: names the project it looks in and --plugin, not the code API', async () => {
  const { code, stdout, stderr } = await capturedRun(['doctor', '--human', 'u-1'], dir, {
    env: { DUAL_AUTH_VENDOR: 'acme' },
  });
  expect(code).toBe(EXIT.usage);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/npm install --save-dev @dual-auth\/adapter-acme/);
  expect(stderr).toMatch(/the project in the current directory/);
  expect(stderr).toMatch(/--plugin <package or file>/);
  expect(stderr).not.toMatch(/createAdapter|getConfig|`plugins/);
  expect(stderr).toMatch(/okta\)\. The CLI loads/);
});

it('a secrets package not installed: the same advice', async () => {
  const { code, stderr } = await capturedRun(['doctor', '--human', 'u-1'], dir, {
    env: { DUAL_AUTH_VENDOR: 'keycloak', DUAL_AUTH_SECRETS_BACKEND: 'acme' },
  });
  expect(code).toBe(EXIT.usage);
  expect(stderr).toMatch(/npm install --save-dev @dual-auth\/secrets-acme/);
  expect(stderr).toMatch(/--plugin <package or file>/);
});

// Session 34 (reviewer): a blank DUAL_AUTH_VENDOR got core's "…or pass its adapter plugin in the
// plugins option", advice for code; the command line's way is --plugin.
it.each([
  ['blank', { DUAL_AUTH_VENDOR: '  ' }],
  ['unset', {}],
])(
  'DUAL_AUTH_VENDOR %s: names --plugin <package or file>, not the plugins option',
  async (_, env) => {
    const { code, stdout, stderr } = await capturedRun(['doctor', '--human', 'u-1'], dir, { env });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/DUAL_AUTH_VENDOR is not set/);
    expect(stderr).toMatch(/DUAL_AUTH_VENDOR=<vendor>/);
    expect(stderr).toMatch(/--plugin <package or file>/);
    expect(stderr).not.toMatch(/plugins option|createAdapter|getConfig/);
  },
);
