import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoundedFile } from './index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-bounded-file-'));
  await writeFile(join(dir, 'key.pem'), 'four', { mode: 0o600 });
  await writeFile(join(dir, 'shared.pem'), 'four');
  await chmod(join(dir, 'shared.pem'), 0o644);
  await writeFile(join(dir, 'five.pem'), 'fives');
  await mkdir(join(dir, 'folder'));
  execFileSync('mkfifo', [join(dir, 'key.fifo')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readBoundedFile', () => {
  it('reads a regular file of at most maxBytes whole, with its mode', async () => {
    expect(await readBoundedFile(join(dir, 'key.pem'), 4)).toEqual({
      ok: true,
      text: 'four',
      mode: expect.any(Number),
    });
    const shared = await readBoundedFile(join(dir, 'shared.pem'), 4);
    expect(shared.ok && shared.mode & 0o777).toBe(0o644);
  });

  it('answers what it refused, with the file system code and never the path', async () => {
    const missing = await readBoundedFile(join(dir, 'jane.doe.pem'), 4);
    expect(missing).toEqual({ ok: false, problem: 'unopened', code: 'ENOENT' });
    expect(await readBoundedFile(join(dir, 'five.pem'), 4)).toEqual({
      ok: false,
      problem: 'too-large',
      code: undefined,
    });
    expect(await readBoundedFile(join(dir, 'folder'), 4)).toMatchObject({ problem: 'directory' });
    expect(await readBoundedFile('/dev/zero', 4)).toMatchObject({ problem: 'not-regular' });
  });

  it('refuses a FIFO without a writer at once, unread', async () => {
    expect(await readBoundedFile(join(dir, 'key.fifo'), 4)).toMatchObject({
      problem: 'not-regular',
    });
  }, 30_000);

  it('stops reading past maxBytes a file whose size reads 0 (/proc/kallsyms: 5 MB)', async () => {
    expect(await readBoundedFile('/proc/kallsyms', 1_024)).toMatchObject({ problem: 'too-large' });
  }, 30_000);

  it('refuses a path that is no string and a maxBytes that is no positive integer by name', async () => {
    await expect(readBoundedFile(7 as never, 4)).rejects.toThrow(
      new TypeError('path must be a string, got number'),
    );
    // Session 37 (wave37/review2): 1e300 (an integer to JavaScript) reached the read stream,
    // whose half-made stream then failed on close with "Cannot read properties of undefined".
    for (const maxBytes of [0, 1.5, Number.NaN, '4', undefined, 1e300, 2 ** 53 + 2]) {
      await expect(readBoundedFile(join(dir, 'key.pem'), maxBytes as never)).rejects.toThrow(
        /^maxBytes must be a positive integer/,
      );
    }
  });
});
