import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLocalIdpCli } from './start-local-idp-cli.js';

// `--signing-key-file` must be read from the very file that was checked. A check of the path
// followed by a read of the path lets someone who can write the directory swap a symbolic link in
// between, and the IdP would then sign with (and print the kid of) whatever the link points at. The
// swap is made deterministic: the key file becomes a link just before the file is opened for
// reading, whichever call opens it. The fs calls stay real; this hook only picks the moment.

const swap = vi.hoisted(() => ({
  path: '',
  armed: undefined as (() => Promise<void>) | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const swapFirst =
    <A extends [unknown, ...unknown[]], R>(real: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (args[0] === swap.path) {
        const pending = swap.armed;
        swap.armed = undefined;
        await pending?.();
      }
      return real(...args);
    };
  return { ...fs, open: swapFirst(fs.open), readFile: swapFirst(fs.readFile) };
});

describe('dual-auth-idp --signing-key-file, swapped for a symbolic link after its checks', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-swap-'));
  });
  afterEach(async () => {
    swap.armed = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a key file that is a link when it is opened, and reads nothing through it', async () => {
    const keyFile = join(dir, 'idp-signing-key.pem');
    const elsewhere = join(dir, 'someone-elses.pem');
    await writeFile(keyFile, 'the checked key file\n', { mode: 0o600 });
    await writeFile(elsewhere, 'NOT-FOR-THIS-IDP\n', { mode: 0o600 });
    swap.path = keyFile;
    swap.armed = async () => {
      await rm(keyFile);
      await symlink(elsewhere, keyFile);
    };
    const started = startLocalIdpCli(['--signing-key-file', keyFile], dir, () => {});
    const error = await started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(swap.armed).toBeUndefined(); // the swap happened
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      `--signing-key-file ${keyFile} is not a regular file of this user (a symbolic link, a directory or another user's): give the path of your own key file, or of none to make one`,
    );
    expect(String(error)).not.toContain('NOT-FOR-THIS-IDP');
  });
});
