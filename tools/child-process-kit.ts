// Starts the examples and the standalone IdP as separate processes for their tests, from the
// workspace sources (tools/run-source.mjs), and stops them: the tests' side of "separate
// processes over HTTPS".

import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

const RUN_SOURCE = join(import.meta.dirname, 'run-source.mjs');
const LOCAL_IDP_BIN = join(import.meta.dirname, '../packages/testing/src/cli/dual-auth-idp.ts');

/** A process started by {@link startSourceProcess}. */
export interface SourceProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code (or signal name) once it has exited. */
  readonly exited: Promise<number | string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs a TypeScript entry point in a new Node process (`node -- run-source.mjs entry args…`: the
 * `--` keeps Node from reading an `--env-file` argument as its own) and resolves once it printed
 * `ready` (a line that starts with it), or rejects with its output if it exits first.
 */
export async function startSourceProcess(options: {
  entry: string;
  args?: readonly string[];
  /** Node's own options, before the entry (`--env-file=…`). */
  nodeArgs?: readonly string[];
  cwd: string;
  env?: Readonly<Record<string, string>>;
  ready: string;
}): Promise<SourceProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--', RUN_SOURCE, options.entry, ...(options.args ?? [])],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (text.split('\n').some((line) => line.startsWith(options.ready))) {
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    exited.then((code) => reject(new Error(`${options.entry} exited (${code}):\n${text}`)));
  });
  return {
    child,
    output: () => text,
    exited,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A loopback port free at the time of the call (the system's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** A `dual-auth-idp` process and what its env file says. */
export interface LocalIdpProcess extends SourceProcess {
  readonly envFile: string;
  /** The env file's variables. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts `dual-auth-idp` (the `@dual-auth/testing` command, from source) on a free port, writing
 * `<dir>/.env`, and reads that file back.
 */
export async function startLocalIdpProcess(
  dir: string,
  vendor = 'keycloak',
): Promise<LocalIdpProcess> {
  const envFile = join(dir, '.env');
  const port = await freePort();
  const idp = await startSourceProcess({
    entry: LOCAL_IDP_BIN,
    args: ['--vendor', vendor, '--port', String(port), '--env-file', envFile],
    cwd: dir,
    ready: 'Ready.',
  });
  const env = parseEnv(await readFile(envFile, 'utf8')) as Record<string, string>;
  return { ...idp, envFile, env };
}

/**
 * Starts an example's entry point the way its `start` script does: `node --env-file=<the IdP's
 * env file>`, with `NODE_EXTRA_CA_CERTS` (read by Node before `--env-file`) and `extraEnv` in the
 * environment; resolves once it printed a line starting with `<name> ready`.
 */
export function startExampleProcess(options: {
  name: string;
  entry: string;
  cwd: string;
  idp: LocalIdpProcess;
  extraEnv?: Readonly<Record<string, string>>;
}): Promise<SourceProcess> {
  return startSourceProcess({
    entry: options.entry,
    nodeArgs: [`--env-file=${options.idp.envFile}`],
    cwd: options.cwd,
    env: { NODE_EXTRA_CA_CERTS: options.idp.env.NODE_EXTRA_CA_CERTS ?? '', ...options.extraEnv },
    ready: `${options.name} ready`,
  });
}

/**
 * What an example web app's `GET /balance` answers `username` after `POST /login` (the examples'
 * stand-in sign-in, whose session cookie it sends back).
 *
 * @throws Error when the sign-in is refused.
 */
export async function balanceThroughWebApp(
  fetch: typeof globalThis.fetch,
  webUrl: string,
  username: string,
): Promise<Response> {
  const login = await fetch(`${webUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${username} refused: ${login.status}`);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  return fetch(`${webUrl}/balance`, { headers: { cookie } });
}
