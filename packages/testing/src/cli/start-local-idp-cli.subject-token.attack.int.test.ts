import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIdpCli } from './start-local-idp-cli.js';

// `mode: 0o600` applies only when the open creates the file: O_TRUNC on a file already there keeps
// its mode. A checked-out `.dual-auth-idp/alice.jwt` (git writes 0644), or one another account
// made in a shared project folder, then receives the human's live token readable by everyone.
describe('attack: dual-auth-idp --subject-token over a token file already there', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-subject-attack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("never leaves the human's token in a file others can read", async () => {
    const file = join(dir, '.dual-auth-idp', 'alice.jwt');
    await mkdir(join(dir, '.dual-auth-idp'), { recursive: true });
    await writeFile(file, 'placeholder\n');
    await chmod(file, 0o644);
    const running = await startLocalIdpCli(
      ['--port', '0', '--env-file', join(dir, '.env'), '--subject-token', 'alice'],
      dir,
      () => undefined,
    );
    try {
      expect((await stat(file)).mode & 0o077).toBe(0);
    } finally {
      await running?.stop();
    }
  }, 60_000);

  // A `.dual-auth-idp` planted as a link to a folder others read: the token would land there.
  it('refuses a .dual-auth-idp that is a symbolic link, and writes nothing through it', async () => {
    const project = await mkdtemp(join(dir, 'linked-'));
    const elsewhere = await mkdtemp(join(dir, 'elsewhere-'));
    await symlink(elsewhere, join(project, '.dual-auth-idp'));
    await expect(
      startLocalIdpCli(
        ['--port', '0', '--env-file', join(project, '.env'), '--subject-token', 'alice'],
        project,
        () => undefined,
      ),
    ).rejects.toThrow(/not a directory of this user/);
    expect(await readdir(elsewhere)).toEqual([]);
  }, 60_000);

  it('makes its own folder 0700 and keeps on stop a folder it did not make', async () => {
    const project = await mkdtemp(join(dir, 'own-'));
    const start = () =>
      startLocalIdpCli(
        ['--port', '0', '--env-file', join(project, '.env'), '--subject-token', 'alice'],
        project,
        () => undefined,
      );
    const first = await start();
    expect((await stat(join(project, '.dual-auth-idp'))).mode & 0o777).toBe(0o700);
    await first?.stop();
    expect(await readdir(project)).toEqual([]);
    await mkdir(join(project, '.dual-auth-idp'));
    const second = await start();
    await second?.stop();
    expect(await readdir(project)).toEqual(['.dual-auth-idp']);
  }, 60_000);
});
