import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceProcess } from '../../../../tools/child-process-kit.ts';
import { ROTATED, startIdpCommand } from '../../test/support/dual-auth-idp-process.js';
import { startLocalIdpCli } from './start-local-idp-cli.js';

// `--signing-key-file` keeps the IdP's signing key across restarts, so an API that cached the
// JWKS before a restart still verifies the tokens signed after it. The key lives in a temporary
// directory removed after the tests, never in the repository.

interface Run {
  readonly process: SourceProcess;
  readonly jwks: JSONWebKeySet;
  /** alice's access token, signed by this run's key (`--subject-token alice`). */
  readonly token: string;
}

/** Starts the command with the key file, reads its JWKS and alice's token. */
async function run(dir: string, keyFile: string | undefined): Promise<Run> {
  const {
    process,
    fetch: trusting,
    env,
  } = await startIdpCommand(dir, [
    ...['--subject-token', 'alice'],
    ...(keyFile === undefined ? [] : ['--signing-key-file', keyFile]),
  ]);
  const jwks = (await (await trusting(env.IDP_JWKS_URL ?? '')).json()) as JSONWebKeySet;
  const token = (await readFile(join(dir, '.dual-auth-idp', 'alice.jwt'), 'utf8')).trim();
  return { process, jwks, token };
}

/** Whether `token` verifies against a JWKS an API cached earlier. */
async function verifiesWith(cached: JSONWebKeySet, token: string): Promise<boolean> {
  return jwtVerify(token, createLocalJWKSet(cached)).then(
    () => true,
    () => false,
  );
}

describe('dual-auth-idp --signing-key-file', () => {
  let dir: string;
  let keyFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-key-'));
    keyFile = join(dir, 'keys', 'idp-signing-key.pem');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes the key file (0600) on the first run and signs with it again on the next', async () => {
    const first = await run(dir, keyFile);
    await first.process.stop();
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(first.process.output()).toMatch(/signing key {5}.*made now, kept across restarts/);
    const pem = await readFile(keyFile, 'utf8');

    const second = await run(dir, keyFile);
    await second.process.stop();
    expect(second.process.output()).toMatch(/signing key {5}.*read, kept across restarts/);
    expect(second.jwks).toEqual(first.jwks);
    expect(await verifiesWith(first.jwks, second.token)).toBe(true);
    expect(await readFile(keyFile, 'utf8')).toBe(pem);
    // Never printed: the PEM's body is nowhere in the output.
    expect(second.process.output()).not.toContain(pem.split('\n')[1]);
  });

  it('without it, a restart signs with another key that a cached JWKS refuses', async () => {
    const first = await run(dir, undefined);
    await first.process.stop();
    const second = await run(dir, undefined);
    await second.process.stop();
    expect(await verifiesWith(first.jwks, second.token)).toBe(false);
  });

  it('writes the rotated key to the file, so the next run signs with the key of the rotation', async () => {
    const before = await readFile(keyFile, 'utf8');
    const running = await run(dir, keyFile);
    running.process.child.kill('SIGUSR2');
    while (!running.process.output().includes(ROTATED)) {
      await new Promise((resolve) => running.process.child.stdout?.once('data', resolve));
    }
    const rotatedKid = /signed with kid (\S+);/.exec(running.process.output())?.[1];
    await running.process.stop();
    expect(await readFile(keyFile, 'utf8')).not.toBe(before);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    const next = await run(dir, keyFile);
    await next.process.stop();
    expect(decodeProtectedHeader(next.token).kid).toBe(rotatedKid);
  });

  it('refuses a key file others may read, a symbolic link and a file that is no RSA key', async () => {
    const cli = (file: string) => startLocalIdpCli(['--signing-key-file', file], dir, () => {});
    const open = join(dir, 'open.pem');
    await writeFile(open, await readFile(keyFile, 'utf8'), { mode: 0o600 });
    await chmod(open, 0o644);
    await expect(cli(open)).rejects.toThrow(
      `--signing-key-file ${open} may be read or written by others (mode 644): it holds the IdP's private key; run chmod 600 ${open}`,
    );
    const link = join(dir, 'link.pem');
    await symlink(keyFile, link);
    await expect(cli(link)).rejects.toThrow(/is not a regular file of this user/);
    const junk = join(dir, 'junk.pem');
    await writeFile(junk, 'not a key\n', { mode: 0o600 });
    await expect(cli(junk)).rejects.toThrow(
      'startLocalIdp: signingKeyPem is not an RSA private key in PKCS#8 PEM',
    );
  });
});
