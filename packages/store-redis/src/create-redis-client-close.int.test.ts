import { once } from 'node:events';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import { createRedisClient, RedisReplayStore } from './index.js';

// An app shutting down while its Redis is frozen (SIGSTOP: connections open, nothing answers).
// The stores gave up on their commands at timeoutMs, but node-redis's graceful close() waits for
// the answer of every command already written: the shutdown would hang until Redis went on.
let redis: LocalRedis;
redisPerFile((started) => ({ redis } = started));

// Far beyond closeTimeoutMs: only a hang reaches it.
const GENEROUS_MS = 20_000;

describe('createRedisClient close() on a frozen Redis', () => {
  it('resolves after closeTimeoutMs (default 5000), the connection dropped, instead of waiting for Redis', async () => {
    const logger = createRecordingLogger();
    const client = createRedisClient({ url: redis.url, logger });
    if (!client.isReady) await once(client, 'ready');
    // The claim Redis answers waits as long as the test may; the one it cannot answer gives up soon.
    expect(await replayStoreFor(client).claim('before', Date.now() + 60_000)).toBe(true);
    const replayStore = new RedisReplayStore({ client, timeoutMs: 200 });
    redis.pause();
    try {
      await expect(replayStore.claim('during', Date.now() + 60_000)).rejects.toThrow(/timeoutMs/);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still waiting'), GENEROUS_MS);
      });
      const closed = client.close().then(() => 'closed');
      expect(await Promise.race([closed, hung])).toBe('closed');
      clearTimeout(timer);
      expect(client.isOpen).toBe(false);
      expect(logger.records.map((r) => r.event)).toContain('redis_close_timed_out');
    } finally {
      redis.resume();
    }
  });

  it('closes gracefully, without a word, when Redis answers', async () => {
    const logger = createRecordingLogger();
    const client = createRedisClient({ url: redis.url, closeTimeoutMs: 300, logger });
    if (!client.isReady) await once(client, 'ready');
    expect(await replayStoreFor(client).claim('graceful', Date.now() + 60_000)).toBe(true);
    await client.close();
    expect(client.isOpen).toBe(false);
    expect(logger.records.map((r) => r.event)).not.toContain('redis_close_timed_out');
  });

  it('refuses a closeTimeoutMs that is not a positive number', () => {
    expect(() => createRedisClient({ url: redis.url, closeTimeoutMs: 0 })).toThrow(TypeError);
  });
});
