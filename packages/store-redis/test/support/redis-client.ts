import { once } from 'node:events';
import { type LocalRedis, startRedisServer } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';
import { createRedisClient, type StoreRedisClient } from '../../src/index.js';

/**
 * A client of the stores' own kind ({@link createRedisClient}), ready to send. Tests wait for
 * readiness so that their first command does not race the connection.
 */
export async function readyClient(url: string): Promise<StoreRedisClient> {
  const client = createRedisClient({ url });
  if (!client.isReady) await once(client, 'ready');
  return client;
}

/** A redis-server of a test file's own and a ready client of it. */
export interface RedisWithClient {
  readonly redis: LocalRedis;
  readonly client: StoreRedisClient;
}

/** Starts a redis-server on a free loopback port and a {@link readyClient} of it. */
export async function startRedisWithClient(): Promise<RedisWithClient> {
  const redis = await startRedisServer();
  return { redis, client: await readyClient(redis.url) };
}

/** Closes what {@link startRedisWithClient} started, the client first; either may be missing. */
export async function stopRedisWithClient({ redis, client }: Partial<RedisWithClient>) {
  await client?.close();
  await redis?.close();
}

/**
 * A test file's redis-server and client: started before its tests (`beforeAll`, {@link
 * startRedisWithClient}), handed to `use`, and closed after them (`afterAll`).
 */
export function redisPerFile(use: (started: RedisWithClient) => void): void {
  let started: Partial<RedisWithClient> = {};
  beforeAll(async () => {
    const both = await startRedisWithClient();
    started = both;
    use(both);
  });
  afterAll(() => stopRedisWithClient(started));
}

/** Waits until `attempt` resolves true, polling; for recoveries whose timing is the machine's. */
export async function eventually(attempt: () => Promise<boolean>, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (await attempt().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not true after ${tries} tries`);
}
