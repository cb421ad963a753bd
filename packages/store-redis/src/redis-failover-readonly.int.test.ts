import { once } from 'node:events';
import { StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis, startRedisServer } from '@dual-auth/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, readyClient } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import { startTcpProxy, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient, type StoreRedisClient } from './index.js';

// Session 39 (chaos): a failover behind one address (a DNS name or virtual IP moved to the
// promoted replica: ElastiCache's primary endpoint, a Kubernetes Service, HAProxy) leaves the
// connection made before it on the demoted primary, now a replica: every claim was refused
// READONLY for good ("the next call works once that is fixed, without a restart" said the error,
// with the address already fixed), until the process was restarted.
let primary: LocalRedis;
let replica: LocalRedis;
let proxy: TcpProxy;

beforeEach(async () => {
  [primary, replica] = await Promise.all([startRedisServer(), startRedisServer()]);
  proxy = await startTcpProxy(primary.port);
});
afterEach(async () => {
  await proxy?.close();
  await Promise.all([primary?.close(), replica?.close()]);
});

/** `admin`'s Redis replicates `of` until it has everything `of` wrote so far. */
async function replicating(admin: StoreRedisClient, of: StoreRedisClient, port: number) {
  await admin.replicaOf('127.0.0.1', port);
  await eventually(async () => (await of.wait(1, 100)) === 1);
}

/** What a claim of `jti` gives: its answer, or the code its refusal names. */
function claimed(client: StoreRedisClient, jti: string): Promise<string> {
  return replayStoreFor(client)
    .claim(jti, Date.now() + 60_000)
    .then(String, (error: unknown) => {
      if (!StoreUnavailableError.isInstance(error)) throw error;
      return /\((\w+)\)/.exec(error.message)?.[1] ?? error.message;
    });
}

/** A store client through the proxy, and an admin client of each Redis. */
interface Clients {
  readonly logger: ReturnType<typeof createRecordingLogger>;
  readonly client: StoreRedisClient;
  readonly adminPrimary: StoreRedisClient;
  readonly adminReplica: StoreRedisClient;
}

/** Runs `test` with {@link Clients}, ready, and closes them after. */
async function withClients(test: (clients: Clients) => Promise<void>): Promise<void> {
  const logger = createRecordingLogger();
  const client = createRedisClient({
    url: `redis://127.0.0.1:${proxy.port}`,
    logger,
    reconnectMaxDelayMs: 200,
  });
  const [adminPrimary, adminReplica] = await Promise.all([
    readyClient(primary.url),
    readyClient(replica.url),
  ]);
  try {
    if (!client.isReady) await once(client, 'ready');
    await test({ logger, client, adminPrimary, adminReplica });
  } finally {
    await Promise.all([adminPrimary.close(), adminReplica.close(), client.close()]);
  }
}

describe('a failover behind one address (the replica promoted, the address moved to it)', () => {
  it('drops the connection that reaches the demoted primary and follows the address: claims work again, a claim made before still refuses its replay', async () => {
    await withClients(async ({ logger, client, adminPrimary, adminReplica }) => {
      expect(await claimed(client, 'before')).toBe('true');
      await replicating(adminReplica, adminPrimary, primary.port);

      // The failover: the replica promoted, the old primary made its replica, the address moved.
      await adminReplica.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      await adminPrimary.replicaOf('127.0.0.1', replica.port);
      proxy.retarget(replica.port);

      // The first claim after it meets the demoted primary, and is refused (fail closed).
      expect(await claimed(client, 'during')).toBe('READONLY');
      let answer = '';
      await eventually(async () => {
        answer = await claimed(client, 'after');
        return answer === 'true';
      });
      expect(answer).toBe('true');
      // The claim made before the failover reached the new primary: its replay is still refused.
      expect(await claimed(client, 'before')).toBe('false');
      const reached = logger.records.filter((r) => r.event === 'redis_replica_reached');
      expect(reached.length).toBeGreaterThan(0);
      expect(reached[0]?.level).toBe('warn');
      expect(JSON.stringify(logger.records)).not.toContain(String(proxy.port));
    });
  });

  it('a process that only reads cut-offs: a demoted primary cut off from the new one (replica-serve-stale-data no) refuses, then the cut-off ended on the new primary is read', async () => {
    await withClients(async ({ logger, client, adminPrimary, adminReplica }) => {
      const cutoffs = cutoffStoreFor(client);
      expect(await cutoffs.cutoffOf('u-1')).toBeUndefined();

      // The failover, during a partition: the old primary is demoted but cannot reach the new one
      // (a replica of a port nothing listens on), and serves no stale data.
      await adminReplica.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      await adminPrimary.configSet('replica-serve-stale-data', 'no');
      await adminPrimary.replicaOf('127.0.0.1', 1);
      proxy.retarget(replica.port);
      const endedAt = Date.now();
      await cutoffStoreFor(adminReplica).endDelegation('u-1', endedAt, 60_000);

      // Never "no cut-off": refused on the demoted primary (fail closed), then read on the new one.
      const first = await cutoffs.cutoffOf('u-1').catch((error: unknown) => error);
      expect(StoreUnavailableError.isInstance(first)).toBe(true);
      expect((first as Error).message).toContain('MASTERDOWN');
      let read: unknown;
      await eventually(async () => {
        read = await cutoffs.cutoffOf('u-1');
        return read !== undefined;
      });
      expect(read).toBeGreaterThanOrEqual(endedAt); // recorded no earlier than Redis's clock
      expect(logger.records.some((r) => r.event === 'redis_replica_reached')).toBe(true);
    });
  });
});
