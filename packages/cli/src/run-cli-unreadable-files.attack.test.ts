import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// Attack: a path that opens but cannot be read, or does not open for a reason the CLI did not
// name. A symlink loop printed "cannot be opened: ELOOP" and /proc/self/mem (a "regular file" of
// size 0 whose read fails) "dual-auth: EIO (EIO: i/o error, read)": neither named the flag, nor
// said what to do.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-cli-unreadable-'));
  await symlink('loop-b', join(dir, 'loop-a'));
  await symlink('loop-a', join(dir, 'loop-b'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const doctor = (file: string) =>
  capturedRun(['doctor', '--human', 'u-1', '--subject-token-file', file], dir);

describe('attack: a token file that cannot be opened or read', () => {
  it('a symlink loop: exit 2, naming the loop and what to give', async () => {
    const result = await doctor('loop-a');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toBe(
      'dual-auth: --subject-token-file (loop-a) cannot be opened: a loop of symbolic links (ELOOP): give the path of the file itself\n',
    );
    expect(result.stdout).toBe('');
  }, 30_000);

  it('/proc/self/mem (opens, fails to read): exit 2, naming the flag and what to give', async () => {
    const result = await doctor('/proc/self/mem');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toBe(
      'dual-auth: --subject-token-file (/proc/self/mem) cannot be read (EIO): give a regular file, or - and pipe the content into standard input\n',
    );
    expect(result.stdout).toBe('');
  }, 30_000);
});
