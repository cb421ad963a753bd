import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startSourceProcess } from '../../../../tools/child-process-kit.ts';
import { startRedisServer } from './start-redis-server.js';

const run = promisify(execFile);
const HOLDER = join(import.meta.dirname, '../../test/support/hold-redis-server.ts');

const answers = async (port: number): Promise<boolean> =>
  run('redis-cli', ['-p', String(port), 'ping']).then(
    ({ stdout }) => stdout.trim() === 'PONG',
    () => false,
  );
// The server's working directory, as it reports it.
const dirOf = async (port: number): Promise<string> =>
  (await run('redis-cli', ['-p', String(port), 'config', 'get', 'dir'])).stdout
    .split('\n')[1]
    ?.trim() ?? '';
const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Starts a process holding a redis-server it never closes; resolves with its port and dir. */
async function holder(mode: 'wait' | 'exit') {
  const child = await startSourceProcess({
    entry: HOLDER,
    args: [mode],
    cwd: import.meta.dirname,
    ready: 'ready ',
  });
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith('ready ')) as string;
  const port = Number(line.slice('ready '.length));
  return { child, port, dir: await dirOf(port) };
}

// Session 14: /tmp held dozens of `dual-auth-redis-*` folders of earlier runs. A test process
// that ends without close() (killed by a signal, or exiting early) takes its servers and their
// folders with it.
describe('startRedisServer cleans up after its test process', () => {
  it('removes its folder on close(), and keeps it across stop() and start()', async () => {
    const redis = await startRedisServer();
    const dir = await dirOf(redis.port);
    expect(dir).toMatch(/dual-auth-redis-/);
    await redis.stop();
    expect(await exists(dir)).toBe(true);
    await redis.start();
    await redis.close();
    expect(await exists(dir)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'stops the server and removes its folder when the process gets %s',
    async (signal) => {
      const { child, port, dir } = await holder('wait');
      expect(await answers(port)).toBe(true);
      expect(dir).toMatch(/dual-auth-redis-/);
      expect(await exists(dir)).toBe(true);
      // The process still ends by the signal: cleaning up does not keep it alive.
      expect(await child.stop(signal)).toBe(signal);
      expect(await exists(dir)).toBe(false);
      expect(await answers(port)).toBe(false);
    },
  );

  it('stops the server and removes its folder when the process exits without close()', async () => {
    const { child, port, dir } = await holder('exit');
    expect(dir).toMatch(/dual-auth-redis-/);
    expect(await child.stop('SIGUSR2')).toBe(0);
    expect(await exists(dir)).toBe(false);
    expect(await answers(port)).toBe(false);
  });
});
