import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSourceProcess } from '../../../../tools/child-process-kit.ts';

const BIN = join(import.meta.dirname, 'dual-auth-idp.ts');
const RUN_SOURCE = join(import.meta.dirname, '../../../../tools/run-source.mjs');

/** Whether something accepts connections on loopback `port`. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });

/** Whether process `pid` still runs. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits, polling, until `done()`; the test's own timeout bounds it. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 50));
}

const pidOf = (output: string) => Number(/^ {2}pid +(\d+)/m.exec(output)?.[1]);

// The standalone IdP must never outlive the shell or tool that started it: a closed terminal
// (SIGHUP) or a parent that died (a test runner killed, a `pnpm idp` whose shell went) stops it as
// Ctrl-C does, so no orphaned IdP keeps its port and env file.
describe('dual-auth-idp stops with its terminal or its parent', () => {
  let dir: string;
  const started: number[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-life-'));
  });
  afterAll(async () => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its pid, and stops cleanly on SIGHUP: exit code 0, port freed, env file removed', async () => {
    const port = await freePort();
    const envFile = join(dir, 'hup.env');
    const idp = await startSourceProcess({
      entry: BIN,
      args: ['--port', String(port), '--env-file', envFile],
      cwd: dir,
      ready: 'Ready.',
    });
    started.push(idp.child.pid as number);
    expect(pidOf(idp.output())).toBe(idp.child.pid);
    expect(await idp.stop('SIGHUP')).toBe(0);
    expect(idp.output()).toContain('dual-auth-idp: stopped');
    await expect(stat(envFile)).rejects.toThrow(/ENOENT/);
    expect(await listening(port)).toBe(false);
  });

  it('stops cleanly when its parent dies', async () => {
    const port = await freePort();
    const envFile = join(dir, 'orphan.env');
    const args = ['--', RUN_SOURCE, BIN, '--port', String(port), '--env-file', envFile];
    // A parent that starts the IdP, its output going straight to ours, then is killed.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `require('node:child_process').spawn(process.execPath, ${JSON.stringify(args)}, { stdio: ['ignore', 'inherit', 'inherit'] }); setInterval(() => {}, 1000);`,
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.push(parent.pid as number);
    let output = '';
    parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    parent.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    await until(() => output.includes('Ready.'));
    const pid = pidOf(output);
    if (Number.isInteger(pid)) started.push(pid);
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await until(() => !alive(pid));
    await until(() => output.includes('dual-auth-idp: stopped'));
    await expect(stat(envFile)).rejects.toThrow(/ENOENT/);
    expect(await listening(port)).toBe(false);
  });
});
