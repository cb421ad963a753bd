import { once } from 'node:events';
import { StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually, readyClient } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor, tokenCacheFor } from '../test/support/stores.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient, RedisReplayStore, type StoreRedisClient } from './index.js';

// A Redis connection that stops answering without closing (a dead route, a half-open TCP
// connection, a NAT dropping the flow): nothing tells the client, and the OS gives up on the
// socket only after ~15 min. The client must drop it by itself and reconnect once a route is back.
const PASSWORD = 'dead-connection-secret';
const KEY = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') };
const TOKEN_KEY = { adapterId: 'kc', agentId: 'a', sub: 'u-1', scope: ['s'], audience: 'x' };

let redis: LocalRedis;
let proxy: TcpProxy;

redisBehindProxyPerFile(async (started) => {
  ({ redis, proxy } = started);
  const admin = await readyClient(redis.url);
  await admin.configSet('requirepass', PASSWORD);
  await admin.close();
});

async function clientThroughProxy(
  logger: ReturnType<typeof createRecordingLogger>,
): Promise<StoreRedisClient> {
  const client = createRedisClient({
    url: `redis://:${PASSWORD}@127.0.0.1:${proxy.port}`,
    logger,
    reconnectMaxDelayMs: 200,
    deadConnectionAfterMs: 1_000,
  });
  if (!client.isReady) await once(client, 'ready');
  return client;
}

describe('a Redis connection that stops answering without closing', () => {
  it('is dropped and a new one made once a route is back: every store works again, without a restart', async () => {
    const logger = createRecordingLogger();
    const client = await clientThroughProxy(logger);
    try {
      // The stores checked while the route holds wait as long as the test may (a loaded machine
      // can take over 500 ms to answer); the one that meets the dead route gives up at 500 ms.
      const prefix = 'dead:';
      const replayStore = replayStoreFor(client, { prefix, timeoutMs: 500 });
      const steadyReplayStore = replayStoreFor(client, { prefix });
      const cutoffStore = cutoffStoreFor(client, { prefix });
      const tokenCache = tokenCacheFor(client, { prefix, encryptionKeys: [KEY] });
      const expiresAt = Date.now() + 60_000;
      expect(await steadyReplayStore.claim('before', expiresAt)).toBe(true);
      expect(await cutoffStore.cutoffOf('u-1')).toBeUndefined();
      expect(await tokenCache.get(TOKEN_KEY)).toBeUndefined();

      proxy.blackhole();
      const during = await replayStore.claim('during', expiresAt).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(during)).toBe(true);
      proxy.restore(); // a new route; the old flow stays dead, as after a NAT drop

      // Bounded: without a watchdog the old socket would be used until the OS gives up (~15 min).
      let attempt = 0;
      await eventually(async () => {
        attempt += 1;
        return (await replayStore.claim(`after-${attempt}`, expiresAt)) === true;
      }, 40);
      expect(await cutoffStore.cutoffOf('u-1')).toBeUndefined();
      expect(await tokenCache.get(TOKEN_KEY)).toBeUndefined();
      expect(await steadyReplayStore.claim('before', expiresAt)).toBe(false); // same Redis, same claims
      expect(proxy.connections).toBeGreaterThanOrEqual(2);

      const dropped = logger.records.filter((r) => r.event === 'redis_connection_dropped');
      expect(dropped.length).toBeGreaterThanOrEqual(1);
      expect(dropped[0]?.level).toBe('warn');
      expect(dropped[0]?.fields?.unanswered_ms).toBeGreaterThanOrEqual(1_000);
      const logged = JSON.stringify(logger.records);
      expect(logged).not.toContain(PASSWORD);
      expect(logged).not.toContain('127.0.0.1');
      expect(logged).not.toContain('redis://');
    } finally {
      await client.close();
    }
    expect(client.isOpen).toBe(false);
  });

  it('is not dropped while Redis is only slow: a command that takes long but answers', async () => {
    const logger = createRecordingLogger();
    const client = createRedisClient({
      url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}`,
      logger,
      deadConnectionAfterMs: 5_000,
    });
    const busy = createRedisClient({ url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}` });
    try {
      if (!client.isReady) await once(client, 'ready');
      if (!busy.isReady) await once(busy, 'ready');
      let readies = 0;
      client.on('ready', () => {
        readies += 1;
      });
      // The claims Redis answers wait as long as the test may (a loaded machine can take over
      // 300 ms); the one sent while Redis is busy gives up at 300 ms.
      const replayStore = new RedisReplayStore({ client, prefix: 'slow:', timeoutMs: 300 });
      const steadyReplayStore = replayStoreFor(client, { prefix: 'slow:' });
      const expiresAt = Date.now() + 60_000;
      expect(await steadyReplayStore.claim('before', expiresAt)).toBe(true);
      // Redis busy for 2.5 s (a script spinning on TIME; DEBUG SLEEP is off by default in Redis 7),
      // longer than the store's timeoutMs and the watchdog's probe interval, shorter than
      // deadConnectionAfterMs.
      const spinning = busy.eval(
        "local t = redis.call('TIME') local s = t[1] * 1000 + math.floor(t[2] / 1000) repeat t = redis.call('TIME') until t[1] * 1000 + math.floor(t[2] / 1000) - s >= tonumber(ARGV[1]) return 1",
        { keys: [], arguments: ['2500'] },
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const during = await replayStore.claim('during', expiresAt).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(during)).toBe(true);
      expect(await spinning).toBe(1);
      expect(await steadyReplayStore.claim('after', expiresAt)).toBe(true);
      // A probe sent while it spun has had its answer on the same connection.
      await client.ping();
      expect(logger.records.map((r) => r.event)).not.toContain('redis_connection_dropped');
      expect(readies).toBe(0);
    } finally {
      await Promise.all([client.close(), busy.close()]);
    }
  });

  it('refuses a deadConnectionAfterMs that is no timer delay: 0, seconds by mistake, past 2^31-1 ms', () => {
    for (const deadConnectionAfterMs of [0, 10, 2 ** 31, Number.POSITIVE_INFINITY]) {
      expect(() => createRedisClient({ url: redis.url, deadConnectionAfterMs })).toThrow(TypeError);
    }
  });
});
