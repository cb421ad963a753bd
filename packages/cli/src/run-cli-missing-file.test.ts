import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// wave34/ops: a file the CLI is given that does not exist was reported as the file system's bare
// error, `dual-auth: ENOENT (ENOENT: no such file or directory, open '/abs/path')`: neither the
// flag nor what to do. It now names both, as the refusal of a directory or a FIFO does.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-cli-missing-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const NO_SUCH_FILE = 'no such file (ENOENT): check the path, relative to the current directory';

it('jwks <missing file>: exit 2, naming the argument, the path as given and what to check', async () => {
  const result = await capturedRun(['jwks', 'agent.pem'], dir);
  expect(result.code).toBe(EXIT.usage);
  expect(result.stderr).toBe(
    `dual-auth: the PEM key file (agent.pem) cannot be opened: ${NO_SUCH_FILE}\n`,
  );
  expect(result.stdout).toBe('');
});

it('doctor --subject-token-file <missing file>: exit 2, naming the flag', async () => {
  const result = await capturedRun(
    ['doctor', '--human', 'u-1', '--subject-token-file', 'alice.jwt'],
    dir,
  );
  expect(result.code).toBe(EXIT.usage);
  expect(result.stderr).toBe(
    `dual-auth: --subject-token-file (alice.jwt) cannot be opened: ${NO_SUCH_FILE}\n`,
  );
});

it('doctor with APP_PUBLIC_KEY_PATH naming a missing file: exit 2, naming the variable', async () => {
  const result = await capturedRun(['doctor', '--human', 'u-1'], dir, {
    env: { APP_PUBLIC_KEY_PATH: 'keys/app-public.pem' },
  });
  expect(result.code).toBe(EXIT.usage);
  expect(result.stderr).toBe(
    `dual-auth: APP_PUBLIC_KEY_PATH (keys/app-public.pem) cannot be opened: ${NO_SUCH_FILE}\n`,
  );
});
