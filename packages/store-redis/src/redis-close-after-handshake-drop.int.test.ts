import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient, type StoreRedisClient } from './index.js';

// A handshake left unanswered is dropped (node-redis's destroy()) and dialled again on the next
// turn of the event loop. A close() or quit() made in between (a SIGTERM handler while Redis
// hangs) found node-redis closed and rejected "The client is closed" (review, wave 28).

let proxy: TcpProxy;

redisBehindProxyPerFile((started) => {
  ({ proxy } = started);
});

/** A client whose handshakes go unanswered, ended by `end` right after its first drop. */
async function endedAfterDrop(end: (client: StoreRedisClient) => Promise<unknown>) {
  proxy.holdNewConnections();
  const logger = createRecordingLogger();
  let ending: Promise<unknown> | undefined;
  const client: StoreRedisClient = createRedisClient({
    url: `redis://127.0.0.1:${proxy.port}`,
    connectTimeoutMs: 100,
    logger: {
      ...logger,
      warn(event, fields) {
        logger.warn(event, fields);
        // After the drop (logged just before it), before the new dial.
        if (event === 'redis_handshake_timed_out' && ending === undefined) {
          queueMicrotask(() => {
            ending = end(client).then(
              () => 'ended',
              (error: unknown) => error,
            );
          });
        }
      },
    },
  });
  try {
    await eventually(async () => ending !== undefined, 100);
    return { ended: await ending, client, connections: proxy.connections };
  } finally {
    proxy.restore();
  }
}

describe('a client ended between a dropped handshake and its new dial', () => {
  it('close() resolves, and no connection is made after it', async () => {
    const { ended, client, connections } = await endedAfterDrop((c) => c.close());
    expect(ended).toBe('ended');
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.isOpen).toBe(false);
    expect(proxy.connections).toBe(connections);
  });

  it('quit() resolves too', async () => {
    const { ended, client } = await endedAfterDrop((c) => c.quit());
    expect(ended).toBe('ended');
    expect(client.isOpen).toBe(false);
  });
});
