import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@dual-auth/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyFile } from './load-key-file.js';

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
