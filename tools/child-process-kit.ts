// Starts the examples and the standalone IdP as separate processes for their tests, from the
// workspace sources (tools/run-source.mjs), and stops them: the tests' side of "separate
// processes over HTTPS".

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const RUN_SOURCE = join(import.meta.dirname, 'run-source.mjs');

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
  cwd: string;
  env?: Readonly<Record<string, string>>;
  ready: string;
}): Promise<SourceProcess> {
  const child = spawn(
    process.execPath,
    ['--', RUN_SOURCE, options.entry, ...(options.args ?? [])],
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
