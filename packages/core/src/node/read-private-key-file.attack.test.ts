import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { readPrivateKeyFile } from './read-private-key-file.js';

// Attack (session 36, attack3): APP_PRIVATE_KEY_PATH (and every key *_PATH getConfig reads, so
// `dual-auth doctor` too) was checked with stat (a regular file of at most 1 MiB), then read
// whole with readFile. A file whose stat size is 0 but that reads on is taken: /proc/kallsyms
// (5 MB) was read in full; /proc/self/pagemap reads without end (64 MB in 25 ms, then on to the
// size of the address space) until the process runs out of memory. And a path swapped for a FIFO
// between the stat and the read blocked a thread of Node's pool for ever. The handle now opened is
// the one checked, and no more than 1 MiB of it is read.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-key-attack-'));
  execFileSync('mkfifo', [join(dir, 'key.fifo')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const refusal = (path: string) =>
  readPrivateKeyFile(path).then(
    () => undefined,
    (error: unknown) => error as ConfigurationError,
  );

describe('readPrivateKeyFile: a path that is no small regular file', () => {
  it('a file whose size reads 0 but that holds more than 1 MiB (/proc/kallsyms) is too large, not read whole', async () => {
    const error = await refusal('/proc/kallsyms');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toBe(
      'APP_PRIVATE_KEY_PATH file is too large for a private key (over 1 MiB): set APP_PRIVATE_KEY_PATH to the path of the PEM private key file',
    );
  });

  it('a FIFO without a writer is refused at once (held)', async () => {
    const error = await refusal(join(dir, 'key.fifo'));
    expect(error?.message).toMatch(/^APP_PRIVATE_KEY_PATH path is not a file/);
  }, 30_000);
});
