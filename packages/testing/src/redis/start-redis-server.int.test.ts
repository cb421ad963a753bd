import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from './start-redis-server.js';

const run = promisify(execFile);
const ping = async (port: number): Promise<string> =>
  (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim();

describe('startRedisServer', () => {
  it('runs redis-server on loopback without persistence, and stops and starts it on one port', async () => {
    const redis = await startRedisServer();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await ping(redis.port)).toBe('PONG');
      const { stdout } = await run('redis-cli', [
        '-p',
        String(redis.port),
        'config',
        'get',
        'save',
      ]);
      expect(stdout.split('\n').map((l) => l.trim())).toEqual(['save', '', '']);
      await redis.stop();
      expect(redis.running).toBe(false);
      expect(await ping(redis.port).catch(() => 'refused')).not.toBe('PONG');
      await redis.start();
      expect(await ping(redis.port)).toBe('PONG');
    } finally {
      await redis.close();
    }
    expect(redis.running).toBe(false);
  });

  it('names the package to install when the binary is missing', async () => {
    await expect(startRedisServer({ command: 'redis-server-not-installed' })).rejects.toThrow(
      /apt-get install -y redis-server redis-tools/,
    );
  });
});
