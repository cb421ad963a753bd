import { createRecordingLogger } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { type LocalTlsRedis, startTlsRedisServer } from '../test/support/redis-tls.js';
import { replayStoreFor } from '../test/support/stores.js';
import { startTcpProxy, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient } from './index.js';

// The handshake watchdog over rediss://: node-redis emits `connect` once the TLS handshake is
// done, and Redis's own handshake (HELLO, CLIENT SETINFO) runs inside the TLS session. A
// connection whose TLS handshake completed but whose Redis never answers is dropped and
// dialled again, as on plain TCP, and the stores serve once Redis answers again.

let redis: LocalTlsRedis;
let proxy: TcpProxy;

beforeAll(async () => {
  redis = await startTlsRedisServer();
  proxy = await startTcpProxy(redis.port);
});
afterAll(async () => {
  await proxy?.close();
  await redis?.close();
});

describe('a rediss:// connection whose Redis handshake goes unanswered after TLS', () => {
  it('is dropped, dialled again after its wait, and the store serves on the new one', async () => {
    const logger = createRecordingLogger();
    proxy.holdNewConnectionsAfterTls();
    const client = createRedisClient({
      url: `rediss://127.0.0.1:${proxy.port}`,
      logger,
      connectTimeoutMs: 500,
      reconnectBaseDelayMs: 20,
      reconnectMaxDelayMs: 50,
      // TLS 1.2: the proxy tells its handshake records from application data by their type.
      clientOptions: { socket: { tls: true, ca: redis.caPem, maxVersion: 'TLSv1.2' } },
    });
    try {
      await eventually(
        async () => logger.records.some((r) => r.event === 'redis_handshake_timed_out'),
        100,
      );
      const held = proxy.connections;
      proxy.restore();
      await eventually(async () => client.isReady, 100);
      expect(proxy.connections).toBeGreaterThan(held); // a new dial, through TLS again
      const store = replayStoreFor(client);
      const expiresAt = Date.now() + 60_000;
      expect(await store.claim('tls-jti', expiresAt)).toBe(true);
      expect(await store.claim('tls-jti', expiresAt)).toBe(false);
      const dropped = logger.records.find((r) => r.event === 'redis_handshake_timed_out');
      expect(dropped?.fields).toMatchObject({ timeout_ms: 500, attempt: 1 });
      expect(logger.records.map((r) => r.event)).not.toContain('redis_connect_failed');
    } finally {
      await client.close();
    }
  });
});
