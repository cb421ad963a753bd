import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
// The workspace's Node (root devDependency) runs the bin from source, as tools/run-source.mjs does
// for the demo: no build needed, and the adapter plugin loads by name through --plugin.
const NODE = join(ROOT, 'node_modules/.bin/node');

let idp: LocalIdp;
let entra: LocalIdp;
let dir: string;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'keycloak', misconfigure: { missingRole: true } });
  entra = await startLocalIdp({ vendor: 'entraid' });
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-tmux-'));
});
afterAll(async () => {
  await run('tmux', ['-S', socket(), 'kill-server']).catch(() => undefined);
  await idp?.close();
  await entra?.close();
  await rm(dir, { recursive: true, force: true });
});

// A socket inside the test's folder: this test's own tmux server, gone with the folder.
const socket = () => join(dir, 'tmux.sock');

const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

const aliceOf = (at: LocalIdp) =>
  [...at.humans.values()].find((h) => h.username === 'alice')?.sub ?? '';

async function pane(session: string): Promise<string> {
  const { stdout } = await run('tmux', ['-S', socket(), 'capture-pane', '-p', '-J', '-t', session]);
  return stdout;
}

/** Runs `dual-auth <args>` in a new tmux session with `env`; returns the screen once it exits. */
async function doctorInTmux(
  session: string,
  env: Readonly<Record<string, string>>,
  args: readonly string[],
): Promise<string> {
  // A script file keeps the throwaway secret off tmux's command line.
  const script = [
    ...Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}`),
    `cd ${quote(join(ROOT, 'packages/cli'))}`,
    [quote(NODE), quote(join(ROOT, 'tools/run-source.mjs')), 'src/bin.ts', ...args].join(' '),
    'echo "EXIT=$?"',
    'sleep 600',
  ].join('\n');
  await writeFile(join(dir, `${session}.sh`), script, { mode: 0o700 });
  await run('tmux', [
    '-S',
    socket(),
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '250',
    '-y',
    '60',
    `sh ${quote(join(dir, `${session}.sh`))}`,
  ]);
  // Waits for the command to end; the bound only stops a broken run, it measures nothing.
  let screen = '';
  for (let i = 0; i < 600 && !/EXIT=\d+/.test(screen); i += 1) {
    await new Promise((r) => setTimeout(r, 200));
    screen = await pane(session);
  }
  return screen;
}

describe('dual-auth doctor in a real terminal (tmux)', () => {
  it('shows progress for the network step, the failed check with its fix, and exits 1', async () => {
    const alice = aliceOf(idp);
    await writeFile(join(dir, 'ca.pem'), idp.caPem);
    const env: Record<string, string> = { ...idp.env(), NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
    const screen = await doctorInTmux('doctor', env, [
      'doctor --plugin @dual-auth/adapter-keycloak',
      `--human ${quote(alice)} --scope finance.read --role FinanceAgent`,
    ]);
    expect(screen).toMatch(/✓ requesting a token from 127\.0\.0\.1:\d+: done/);
    expect(screen).toMatch(/^PASS {2}human: act\.sub is the human$/m);
    expect(screen).toMatch(/^FAIL {2}agent-role: missing FinanceAgent \(realm_access\.roles\)$/m);
    expect(screen).toContain(
      'where: Clients → <agent client> → Service account roles → Assign role',
    );
    expect(screen).toContain('doctor: 1 of 7 checks failed');
    expect(screen).toContain('EXIT=1');
    expect(screen).not.toContain(env.AGENT_CLIENT_SECRET);
    expect(screen).not.toContain(alice);
  }, 180_000);

  it('Entra ID: shows the key download as a step and fails app-key when the API holds another key', async () => {
    const alice = aliceOf(entra);
    await writeFile(join(dir, 'entra-ca.pem'), entra.caPem);
    const env: Record<string, string> = {
      ...entra.env(),
      NODE_EXTRA_CA_CERTS: join(dir, 'entra-ca.pem'),
    };
    // The IdP's own JWKS, not the app's key: what an API configured with the wrong key holds.
    const screen = await doctorInTmux('entra', env, [
      'doctor --plugin @dual-auth/adapter-entraid',
      `--human ${quote(alice)} --role FinanceAgent --app-jwks-uri ${quote(entra.jwksUrl)}`,
    ]);
    expect(screen).toMatch(/✓ requesting a token from 127\.0\.0\.1:\d+: done/);
    expect(screen).toMatch(/✗ verifying the act assertion with --app-jwks-uri https:\S+: failed/);
    expect(screen).toMatch(/^FAIL {2}app-key: the key the API holds \(--app-jwks-uri /m);
    expect(screen).toContain('fix on the IdP: The API holds a different key');
    expect(screen).toMatch(/^PASS {2}agent-role: FinanceAgent in roles$/m);
    expect(screen).toContain('doctor: 1 of 8 checks failed');
    expect(screen).toContain('EXIT=1');
    expect(screen).not.toContain(env.AGENT_CLIENT_SECRET);
    expect(screen).not.toContain(alice);
    expect(screen).not.toContain('PRIVATE KEY');
  }, 180_000);
});
