import { execFile, execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError } from '@dual-auth/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyFile } from './load-key-file.js';

const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-session-special-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Should a read still wait on the FIFO (the fault), a writer that opens and closes it ends that
// read, so the refused test fails instead of hanging the worker.
afterEach(async () => {
  const flags = constants.O_WRONLY | constants.O_NONBLOCK;
  const writer = await open(join(dir, 'app-key.pem'), flags).catch(() => undefined);
  await writer?.close();
});

const REFUSED =
  'loadKeyFile: the key file cannot be read (not a regular file): pass the path of a PEM key file this process can read';

// A key path an operator got wrong (a FIFO a secrets agent had not written yet, /dev/zero) hung
// loadKeyFile for ever (the FIFO) or read 2 GiB of zeros before it failed (the device).
describe('attack: loadKeyFile given a path that is no regular file', () => {
  it('refuses a FIFO without a writer at once, with a ConfigurationError, never waiting on it', async () => {
    const fifo = join(dir, 'app-key.pem');
    execFileSync('mkfifo', [fifo]);
    const error = await loadKeyFile(fifo).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(REFUSED);
  }, 30_000);

  it('refuses a character device (/dev/zero) without reading it', async () => {
    const error = await loadKeyFile('/dev/zero').catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(REFUSED);
  });
});

// Attack (session 36, attack3): a regular file whose fstat size is 0 but that reads on (the
// kernel's /proc files) passed the size check and was read whole before the refusal: all 5 MB of
// /proc/kallsyms, and /proc/self/pagemap without end, until the process ran out of memory. The
// read itself now stops past 64 KiB (measured in a process of its own: /proc/self/io's rchar).
describe('attack: loadKeyFile given a file that reads more than its size says', () => {
  it('/proc/kallsyms (size 0, 5 MB of text) is refused as larger than a PEM key, after reading at most 1 MiB', async () => {
    const root = resolve(import.meta.dirname, '../../../..');
    const { stdout } = await run(
      join(root, 'node_modules/.bin/node'),
      [
        join(root, 'tools/run-source.mjs'),
        join(root, 'packages/session/test/bytes-read-loading-key-file.ts'),
        '/proc/kallsyms',
      ],
      { timeout: 30_000 },
    );
    const { bytes, message } = JSON.parse(stdout) as { bytes: number; message: string };
    expect(message).toBe(
      'loadKeyFile: the key file is larger than a PEM key can be (over 64 KiB): pass the path of the PEM key file',
    );
    expect(bytes).toBeLessThan(1_048_576);
  }, 60_000);
});
