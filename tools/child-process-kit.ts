// Starts the examples and the standalone IdP as separate processes for their tests, from the
// workspace sources (tools/run-source.mjs), and stops them: the tests' side of "separate
// processes over HTTPS".

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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

/** The processes started by {@link startExampleStack}. */
export interface ExampleStack {
  readonly idp: LocalIdpProcess;
  /** The examples, in the order they were given. */
  readonly examples: readonly SourceProcess[];
  /** Each example's origin, `https://127.0.0.1:<port>`, in the order they were given. */
  readonly origins: readonly string[];
  /**
   * The IdP's loopback CA certificate (PEM), which the examples' HTTPS certificates chain to: for
   * `createTrustingFetch` of `@dual-auth/testing` (which tools/ cannot import by name).
   */
  readonly caCertPem: string;
  /** Stops the examples in reverse order, then the IdP, and removes the temporary folder. */
  stop(): Promise<void>;
}

/**
 * Starts the local IdP in a new temporary folder (`<tmpdir>/<tmpPrefix>…`), then each example in
 * order with {@link startExampleProcess}, each on its own free port (`PORT`) and with
 * `env(origins)`, so that one can be told where another listens. On a failure it stops what it
 * started and rethrows.
 */
export async function startExampleStack(options: {
  tmpPrefix: string;
  examples: readonly { name: string; entry: string }[];
  /** Further environment for every example, given each one's origin in the order of `examples`. */
  env?: (origins: readonly string[]) => Readonly<Record<string, string>>;
}): Promise<ExampleStack> {
  const dir = await mkdtemp(join(tmpdir(), options.tmpPrefix));
  let idp: LocalIdpProcess | undefined;
  const examples: SourceProcess[] = [];
  const stop = async () => {
    for (const example of [...examples].reverse()) await example.stop();
    await idp?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    idp = await startLocalIdpProcess(dir);
    const ports: number[] = [];
    for (const _ of options.examples) ports.push(await freePort());
    const origins = ports.map((port) => `https://127.0.0.1:${port}`);
    const env = options.env?.(origins) ?? {};
    for (const [index, { name, entry }] of options.examples.entries()) {
      examples.push(
        await startExampleProcess({
          name,
          entry,
          cwd: dir,
          idp,
          extraEnv: { ...env, PORT: String(ports[index]) },
        }),
      );
    }
    const caCertPem = await readFile(idp.env.NODE_EXTRA_CA_CERTS ?? '', 'utf8');
    return { idp, examples, origins, caCertPem, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
