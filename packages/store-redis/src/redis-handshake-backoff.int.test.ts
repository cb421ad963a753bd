import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, readyClient } from '../test/support/redis-client.js';
import {
  redisBehindProxyPerFile,
  startTcpProxy,
  type TcpProxy,
} from '../test/support/tcp-proxy.js';
import { createRedisClient, type StoreRedisClient } from './index.js';

// A handshake dropped for want of an answer was dialled again at once: a Redis slower than
// connectTimeoutMs (loaded, paused, a proxy with no backend) got a new connection every
// connectTimeoutMs forever, from every process (review, wave 28). Consecutive drops now wait as
// node-redis's reconnects do (exponential from reconnectBaseDelayMs, jittered by the injected
// random, at most reconnectMaxDelayMs), counted from the last ready connection.

let redis: LocalRedis;
let proxy: TcpProxy;
let direct: StoreRedisClient;

redisBehindProxyPerFile(async (started) => {
  ({ redis, proxy } = started);
  direct = await readyClient(redis.url);
});
afterAll(() => direct?.close());

/** Redis round trips of another client: time enough for a dial made at once to reach the proxy. */
async function roundTrips(count: number) {
  for (let i = 0; i < count; i += 1) await direct.ping();
}

describe('consecutive handshake drops', () => {
  it('wait before each new dial, longer each time up to reconnectMaxDelayMs, reset once ready', async () => {
    const logger = createRecordingLogger();
    proxy.holdNewConnections(); // connects succeed; nothing is answered on them
    const before = proxy.connections;
    const client = createRedisClient({
      url: `redis://127.0.0.1:${proxy.port}`,
      logger,
      connectTimeoutMs: 100,
      reconnectBaseDelayMs: 20,
      reconnectMaxDelayMs: 80,
      random: (length) => new Uint8Array(length), // no jitter: half of each wait's ceiling
    });
    const drops = () => logger.records.filter((r) => r.event === 'redis_handshake_timed_out');
    try {
      await eventually(async () => drops().length >= 4, 200);
      expect(
        drops()
          .slice(0, 4)
          .map((r) => r.fields),
      ).toEqual([
        { timeout_ms: 100, attempt: 1, retry_in_ms: 10 },
        { timeout_ms: 100, attempt: 2, retry_in_ms: 20 },
        { timeout_ms: 100, attempt: 3, retry_in_ms: 40 },
        { timeout_ms: 100, attempt: 4, retry_in_ms: 40 },
      ]);
      proxy.restore();
      await eventually(async () => client.isReady, 100);
      expect(await client.set('backoff:k', 'v')).toBe('OK');
      const dialled = proxy.connections - before;
      // One dial per drop, and the one that got through.
      expect(dialled).toBe(drops().length + 1);

      // Ready again: the next run of drops starts over.
      const seen = drops().length;
      proxy.holdNewConnections();
      // Redis closes the client's connection (every one but this test's own): it reconnects.
      await direct.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      await eventually(async () => drops().length > seen, 200);
      expect(drops()[seen]?.fields).toEqual({ timeout_ms: 100, attempt: 1, retry_in_ms: 10 });
    } finally {
      proxy.restore();
      await client.close();
    }
  });

  it('a long wait makes no dial meanwhile, and a close() during it resolves at once', async () => {
    const logger = createRecordingLogger();
    // A proxy of its own: on the file's, a dial of the case before (under way at its close(),
    // which resolves then) may land after any count taken here (a full run under load: 2, not 1).
    const own = await startTcpProxy(redis.port);
    own.holdNewConnections();
    const client = createRedisClient({
      url: `redis://127.0.0.1:${own.port}`,
      logger,
      connectTimeoutMs: 100,
      reconnectBaseDelayMs: 600_000,
      reconnectMaxDelayMs: 600_000,
    });
    try {
      await eventually(
        async () => logger.records.some((r) => r.event === 'redis_handshake_timed_out'),
        100,
      );
      await roundTrips(20);
      expect(own.connections).toBe(1);
    } finally {
      own.restore();
      await client.close();
      await own.close();
    }
    expect(client.isOpen).toBe(false);
  });
});
