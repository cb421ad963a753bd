import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient } from './index.js';

// node-redis's connectTimeout bounds the TCP (and TLS) connection only: a connection whose
// handshake (HELLO, AUTH, CLIENT SETINFO) is never answered (a Redis that hangs, a route that
// dies just after the connect) left the client not ready for good, and the watchdog, which probes
// ready connections only, never saw it (review, wave 28).

let proxy: TcpProxy;

redisBehindProxyPerFile((started) => {
  ({ proxy } = started);
});

describe('a connection whose handshake is never answered', () => {
  it('is dropped after connectTimeoutMs and a new one made', async () => {
    const logger = createRecordingLogger();
    proxy.holdNewConnections(); // the TCP connect succeeds; nothing is answered on it
    const client = createRedisClient({
      url: `redis://127.0.0.1:${proxy.port}`,
      logger,
      connectTimeoutMs: 1_000, // a handshake on loopback takes ms; this leaves a CPU hog room
      reconnectMaxDelayMs: 50,
    });
    try {
      await eventually(async () => proxy.connections >= 1, 100);
      proxy.restore(); // later connections are answered; the one held stays silent
      await eventually(async () => client.isReady, 100);
      expect(await client.set('handshake:k', 'v')).toBe('OK');
      const timedOut = logger.records.filter((r) => r.event === 'redis_handshake_timed_out');
      expect(timedOut.length).toBeGreaterThanOrEqual(1);
      expect(timedOut[0]?.level).toBe('warn');
      expect(timedOut[0]?.fields).toEqual({
        timeout_ms: 1_000,
        attempt: 1,
        retry_in_ms: expect.any(Number),
      });
      // The dial it let go of is no connect failure: node-redis's own loop ended with it.
      expect(logger.records.map((r) => r.event)).not.toContain('redis_connect_failed');
      expect(JSON.stringify(logger.records)).not.toContain('127.0.0.1');
    } finally {
      await client.close();
    }
  });
});
