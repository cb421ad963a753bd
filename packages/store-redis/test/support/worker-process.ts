import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Separate Node processes for multi-instance tests: each runs a worker script bundled from the
 * workspace sources (esbuild, `@dual-auth/source` condition), and answers calls over IPC.
 */
export interface WorkerProcess {
  /** Sends `{ op, ...args }`; resolves the worker's answer, rejects with its error message. */
  call<T>(op: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** A directory for the bundles and files of one test file; `remove()` it in `afterAll`. */
export interface WorkerKit {
  readonly dir: string;
  /** Bundles `entry` (a `.ts` worker) once into a runnable `.mjs`. */
  bundle(entry: string): Promise<string>;
  /** Writes a file into the kit's directory (e.g. a CA for `NODE_EXTRA_CA_CERTS`). */
  file(name: string, content: string): Promise<string>;
  /** Starts `count` processes of a bundle, each with `env` added to the environment. */
  start(bundle: string, env: Record<string, string>, count?: number): Promise<WorkerProcess[]>;
  remove(): Promise<void>;
}

export async function createWorkerKit(): Promise<WorkerKit> {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-workers-'));
  const bundles = new Map<string, Promise<string>>();
  const workers: WorkerProcess[] = [];
  return {
    dir,
    bundle(entry) {
      let bundled = bundles.get(entry);
      if (bundled === undefined) {
        bundled = bundleWorker(entry, join(dir, `worker-${bundles.size}.mjs`));
        bundles.set(entry, bundled);
      }
      return bundled;
    },
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    async start(bundle, env, count = 1) {
      const started = await Promise.all(
        Array.from({ length: count }, () => startWorker(bundle, env)),
      );
      workers.push(...started);
      return started;
    },
    async remove() {
      await Promise.all(workers.map((worker) => worker.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function bundleWorker(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    conditions: ['@dual-auth/source'],
    // CommonJS dependencies (node-redis) call require() for Node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

function startWorker(file: string, env: Record<string, string>): Promise<WorkerProcess> {
  const child = fork(file, [], { env: { ...process.env, ...env }, stdio: 'inherit' });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  const failAll = (error: Error): void => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  child.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(message.error));
  });
  child.on('exit', (code) => failAll(new Error(`worker exited (${code})`)));
  const worker: WorkerProcess = {
    call<T>(op: string, args: Record<string, unknown> = {}) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, ...args });
      });
    },
    close: () => stop(child),
  };
  // The worker says `ready` once it has connected to Redis and built what it serves with.
  return worker.call('ready').then(() => worker);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
