import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** Port on 127.0.0.1. Default: a free one (its cluster bus port, +10 000, free too). */
  readonly port?: number;
  /** Start it as a Redis Cluster node (`--cluster-enabled yes`); see `startRedisCluster`. */
  readonly clusterEnabled?: boolean;
  /** The `redis-server` binary. Default `redis-server` on `PATH`. */
  readonly command?: string;
  /** The longest wait for "Ready to accept connections". Default 60 000 ms. */
  readonly readyTimeoutMs?: number;
}

/** A `redis-server` process of a test, on loopback, persistence off. */
export interface LocalRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Whether the process runs now (false between {@link stop} and {@link start}). */
  readonly running: boolean;
  /** Stops the process (SIGTERM, then waits for its exit); the port is kept for {@link start}. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers, a hung Redis. */
  pause(): void;
  /** Lets a paused process go on (SIGCONT). */
  resume(): void;
  /** Stops it for good and removes its working directory. */
  close(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 60_000;
const CLUSTER_BUS_OFFSET = 10_000;
const live = new Set<ChildProcess>();
// Working directories not yet removed by close() (or a failed start).
const liveDirs = new Set<string>();
let exitHookInstalled = false;
// The signals that end a test run from outside: Ctrl-C, a runner's or CI's stop, a closed terminal.
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Starts a real `redis-server` (Debian's `redis-server` package) on a free loopback port with
 * persistence off (`--save '' --appendonly no`), for tests of shared stores. Stop, start, pause
 * and resume it to test outages. A server still running when the test process exits, or is ended
 * by SIGINT, SIGTERM or SIGHUP, is killed and its working directory removed (the process still
 * ends by that signal); only SIGKILL leaves them behind.
 *
 * @throws Error naming the package to install when `redis-server` is missing, or with the end of
 *   its log when it does not get ready.
 *
 * @example
 * ```ts
 * import { startRedisServer } from '@dual-auth/testing';
 *
 * const redis = await startRedisServer();
 * // … createClient({ url: redis.url }) …
 * await redis.stop(); // an outage
 * await redis.start(); // back, empty
 * await redis.close();
 * ```
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<LocalRedis> {
  installExitHook();
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-redis-'));
  liveDirs.add(dir);
  const settings = {
    command: options.command ?? 'redis-server',
    clusterEnabled: options.clusterEnabled ?? false,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    dir,
  };
  let port = options.port;
  let child: ChildProcess | undefined;
  for (let attempt = 1; child === undefined; attempt += 1) {
    const candidate = port ?? (await freePort(settings.clusterEnabled));
    try {
      child = await spawnServer(candidate, settings);
      port = candidate;
    } catch (error) {
      // Another process may take a free port before redis-server binds it: try another one.
      if (options.port !== undefined || attempt >= 5 || !isAddressInUse(error)) {
        await removeDir(dir);
        throw error;
      }
    }
  }
  const boundPort = port as number;
  let current: ChildProcess | undefined = child;
  let paused = false;

  const stop = async (): Promise<void> => {
    const running = current;
    current = undefined;
    if (running === undefined) return;
    if (paused) running.kill('SIGCONT');
    paused = false;
    await terminate(running);
  };

  return {
    url: `redis://127.0.0.1:${boundPort}`,
    port: boundPort,
    get running() {
      return current !== undefined;
    },
    stop,
    async start() {
      if (current !== undefined) return;
      current = await spawnServer(boundPort, settings);
    },
    pause() {
      if (current === undefined || paused) return;
      current.kill('SIGSTOP');
      paused = true;
    },
    resume() {
      if (current === undefined || !paused) return;
      current.kill('SIGCONT');
      paused = false;
    },
    async close() {
      await stop();
      await removeDir(dir);
    },
  };
}

interface ServerSettings {
  command: string;
  clusterEnabled: boolean;
  readyTimeoutMs: number;
  dir: string;
}

function serverArgs(port: number, settings: ServerSettings): string[] {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', settings.dir];
  args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice');
  if (settings.clusterEnabled) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`);
    args.push('--cluster-node-timeout', '5000');
  }
  return args;
}

function spawnServer(port: number, settings: ServerSettings): Promise<ChildProcess> {
  installExitHook();
  const child = spawn(settings.command, serverArgs(port, settings), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    let log = '';
    const onExit = (code: number | null): void => {
      fail(new Error(`redis-server on port ${port} exited (${code}): ${tail(log)}`));
    };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`redis-server on port ${port} not ready: ${tail(log)}`)),
      settings.readyTimeoutMs,
    );
    const onOutput = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.off('data', onOutput);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new Error(
              `${settings.command} not found: install Debian's redis-server and redis-tools (apt-get install -y redis-server redis-tools)`,
            )
          : error,
      );
    });
    child.once('exit', onExit);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

// Synchronous: it runs in an 'exit' listener, or just before the process ends by a signal.
function killAllAndRemoveDirs(): void {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

function onEndingSignal(signal: NodeJS.Signals): void {
  killAllAndRemoveDirs();
  // Ours was the only listener (a `once`, already removed): without it the process would have
  // ended by this signal, so end it so. Otherwise the other listeners (the runner's) decide.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAllAndRemoveDirs);
  for (const signal of ENDING_SIGNALS) process.once(signal, onEndingSignal);
}

function tail(log: string): string {
  return log.trim().split('\n').slice(-5).join(' | ') || 'no output';
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && /Address already in use|bind/i.test(error.message);
}

/** A port free on 127.0.0.1 now; for a cluster node, its bus port (+10 000) too. */
async function freePort(withBus: boolean): Promise<number> {
  for (;;) {
    const port = await listenOnce(0);
    if (!withBus) return port;
    if (port + CLUSTER_BUS_OFFSET > 65_535) continue;
    if ((await listenOnce(port + CLUSTER_BUS_OFFSET).catch(() => undefined)) !== undefined) {
      return port;
    }
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}
