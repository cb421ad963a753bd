import { once } from 'node:events';
import { createRecordingLogger, type LocalRedis, startRedisServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from './index.js';

// The watchdog of createRedisClient drops a connection that leaves its PING unanswered for
// deadConnectionAfterMs. A process whose event loop was busy past that bound (a CPU-bound handler,
// a GC pause, a CPU hog beside it) runs the due deadline timer before it reads the sockets: the
// PONG that came in time waits there, and a healthy connection must not be dropped for it.

let redis: LocalRedis;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

/** Blocks this thread, as a long synchronous task does. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the dead-connection watchdog and this process's busy event loop", () => {
  it('does not drop a connection whose PING was answered in time while the loop was blocked', async () => {
    const logger = createRecordingLogger();
    const client = createRedisClient({ url: redis.url, logger, deadConnectionAfterMs: 2_000 });
    try {
      if (!client.isReady) await once(client, 'ready');
      let readies = 0;
      client.on('ready', () => {
        readies += 1;
      });
      await client.set('busy-loop:k', 'v');
      // Probes go out 1 s after the last answer: with Redis paused for 1.1 s one is unanswered.
      redis.pause();
      await sleep(1_100);
      await new Promise((resolve) => setImmediate(resolve));
      redis.resume();
      // Redis answers the probe at once; its deadline passes while this thread is blocked.
      blockEventLoop(3_000);
      await sleep(50);
      expect(await client.get('busy-loop:k')).toBe('v');
      expect(logger.records.map((r) => r.event)).not.toContain('redis_connection_dropped');
      expect(readies).toBe(0);
    } finally {
      await client.close();
    }
  });
});
