import { once } from 'node:events';
import { createRecordingLogger, type LocalRedis, startRedisServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from './index.js';

// After `MONITOR` node-redis hands every reply of the connection to the monitor's listener: the
// watchdog's PING was never answered, and a healthy monitoring client was dropped (and its
// monitor restarted) every deadConnectionAfterMs, with a redis_connection_dropped warning.

let redis: LocalRedis;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the dead-connection watchdog and a client in MONITOR mode', () => {
  it('leaves a monitoring client alone, and watches it again after reset()', async () => {
    const logger = createRecordingLogger();
    const client = createRedisClient({ url: redis.url, logger, deadConnectionAfterMs: 400 });
    const other = createRedisClient({ url: redis.url });
    try {
      if (!client.isReady) await once(client, 'ready');
      if (!other.isReady) await once(other, 'ready');
      const seen: string[] = [];
      await client.monitor((line) => seen.push(String(line)));
      // Five times the bound of traffic for the monitor to see.
      for (let i = 0; i < 20; i += 1) {
        await other.set(`monitored:${i}`, 'v');
        await sleep(100);
      }
      expect(seen.some((line) => line.includes('monitored:19'))).toBe(true);
      expect(logger.records.map((r) => r.event)).not.toContain('redis_connection_dropped');
      await client.reset();
      expect(await client.ping()).toBe('PONG');
    } finally {
      await Promise.all([client.close(), other.close()]);
    }
  });
});
