import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  type SourceProcess,
  startSourceProcess,
} from '../../../../tools/child-process-kit.ts';

const BIN = join(import.meta.dirname, 'dual-auth-idp.ts');

/** Runs `script` in a fresh Node with `env` only; resolves with what it printed and its code. */
function runNode(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, out })),
  );
}

// Global fetch of a new process: trusts the IdP only through NODE_EXTRA_CA_CERTS.
const FETCH_JWKS = `const r = await fetch(process.env.IDP_JWKS_URL); console.log('jwks', r.status);`;

describe('dual-auth-idp (the standalone local IdP)', () => {
  let dir: string;
  let port: number;
  let idp: SourceProcess;
  let envFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-'));
    envFile = join(dir, '.env');
    port = await freePort();
    idp = await startSourceProcess({
      entry: BIN,
      args: ['--vendor', 'keycloak', '--port', String(port), '--env-file', envFile],
      cwd: dir,
      ready: 'Ready.',
    });
    env = parseEnv(await readFile(envFile, 'utf8')) as Record<string, string>;
  });
  afterAll(async () => {
    await idp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on the fixed port and writes the env file other processes need (mode 0600)', async () => {
    expect(env).toMatchObject({
      DUAL_AUTH_VENDOR: 'keycloak',
      KEYCLOAK_TOKEN_URL: `https://127.0.0.1:${port}/realms/agbac/protocol/openid-connect/token`,
      AGENT_CLIENT_ID: 'finance-agent',
      IDP_ISSUER: `https://127.0.0.1:${port}/realms/agbac`,
      IDP_AUDIENCE: 'finance-api',
      API_AGENT_ROLE: 'FinanceAgent',
      NODE_EXTRA_CA_CERTS: join(dir, '.dual-auth-idp', 'ca.pem'),
      TLS_CERT_FILE: join(dir, '.dual-auth-idp', 'localhost-cert.pem'),
      TLS_KEY_FILE: join(dir, '.dual-auth-idp', 'localhost-key.pem'),
    });
    expect((await stat(env.TLS_KEY_FILE ?? '')).mode & 0o777).toBe(0o600);
    expect(env.AGENT_CLIENT_SECRET).toMatch(/^[\w-]{43}$/);
    expect(env.APP_PRIVATE_KEY).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----$/,
    );
    expect(env.FINANCE_USERS?.split(',')).toEqual([env.HUMAN_ALICE_SUB]);
    expect(env.HUMAN_BOB_SUB).toBeDefined();
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(env.NODE_EXTRA_CA_CERTS ?? '', 'utf8')).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
    // What it prints names no secret.
    expect(idp.output()).not.toContain(env.AGENT_CLIENT_SECRET);
    expect(idp.output()).toContain('NODE_EXTRA_CA_CERTS=');
    expect(idp.output()).toContain('deno run --allow-net --allow-env --cert');
    expect(idp.output()).toContain('wrangler dev');
  });

  it('is trusted by a new process through NODE_EXTRA_CA_CERTS, and only through it', async () => {
    const trusted = await runNode(FETCH_JWKS, env);
    expect(trusted).toEqual({ code: 0, out: 'jwks 200\n' });
    const { NODE_EXTRA_CA_CERTS: _ca, ...untrusted } = env;
    const refused = await runNode(FETCH_JWKS, untrusted);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses to overwrite an env file it did not write', async () => {
    const other = join(dir, 'mine.env');
    await writeFile(other, 'MY_SETTING=1\n');
    await expect(
      startSourceProcess({
        entry: BIN,
        args: ['--port', String(await freePort()), '--out', other],
        cwd: dir,
        ready: 'Ready.',
      }),
    ).rejects.toThrow(
      /mine\.env exists and was not written by dual-auth-idp: pass another --env-file/,
    );
    expect(await readFile(other, 'utf8')).toBe('MY_SETTING=1\n');
  });

  it('refuses to write the env file through a symlink, and leaves its target alone', async () => {
    const target = join(dir, 'target.env');
    const link = join(dir, 'link.env');
    await symlink(target, link);
    await expect(
      startSourceProcess({
        entry: BIN,
        args: ['--port', String(await freePort()), '--out', link],
        cwd: dir,
        ready: 'Ready.',
      }),
    ).rejects.toThrow(/link\.env is a symbolic link: pass the path of a regular file/);
    await expect(stat(target)).rejects.toThrow(/ENOENT/);
  });

  it('says what is wrong with a bad argument', async () => {
    await expect(
      startSourceProcess({ entry: BIN, args: ['--port', 'http'], cwd: dir, ready: 'Ready.' }),
    ).rejects.toThrow(/--port must be a port number \(0–65535\), got http/);
    await expect(
      startSourceProcess({ entry: BIN, args: ['--vendr', 'okta'], cwd: dir, ready: 'Ready.' }),
    ).rejects.toThrow(/Unknown option '--vendr'/);
    await expect(
      startSourceProcess({
        entry: BIN,
        args: ['--env-file', 'a.env', '--out', 'b.env'],
        cwd: dir,
        ready: 'Ready.',
      }),
    ).rejects.toThrow(/give --env-file or --out, not both/);
    await expect(
      startSourceProcess({ entry: BIN, args: ['--vendor', 'nope'], cwd: dir, ready: 'Ready.' }),
    ).rejects.toThrow(/--vendor nope is not a local IdP vendor; known: .*keycloak.*okta/);
  });

  it('stops cleanly on Ctrl-C: exit code 0, port freed, env file and CA removed', async () => {
    const code = await idp.stop('SIGINT');
    expect(code).toBe(0);
    expect(idp.output()).toContain('dual-auth-idp: stopped');
    await expect(stat(envFile)).rejects.toThrow(/ENOENT/);
    await expect(stat(join(dir, '.dual-auth-idp'))).rejects.toThrow(/ENOENT/);
    const gone = await runNode(FETCH_JWKS, env);
    expect(gone.out).toContain('ECONNREFUSED');
  });
});
