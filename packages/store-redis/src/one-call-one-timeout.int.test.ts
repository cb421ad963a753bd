import { once } from 'node:events';
import { createDualSubjectToken, StoreUnavailableError } from '@dual-auth/core';
import type { LocalRedis } from '@dual-auth/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { replayStoreFor, whenAnswered } from '../test/support/stores.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import {
  createRedisClient,
  RedisReplayStore,
  RedisTokenCache,
  type StoreRedisClient,
} from './index.js';

// A store's first call (and the first once policyCheckIntervalMs has passed, or after a
// reconnect) asks Redis its eviction policy and key layout before its own command: the call, not
// each of its commands, is what timeoutMs bounds. And a check shared by concurrent calls fails
// each of them naming its own operation.
let redis: LocalRedis;
let proxy: TcpProxy;
let client: StoreRedisClient;

redisBehindProxyPerFile(async (started) => {
  ({ redis, proxy } = started);
  client = createRedisClient({ url: `redis://127.0.0.1:${proxy.port}` });
  if (!client.isReady) await once(client, 'ready');
});
afterAll(() => client?.close());

describe('one store call, one timeoutMs', () => {
  it('a claim whose policy check is due fails one timeoutMs after it began, when the checks took 2/3 of it: before a call of one command started then; its retry is accepted', async () => {
    const replayStore = new RedisReplayStore({ client, prefix: 'bound:', timeoutMs: 3_000 });
    // Its checks trusted: each of its calls is one command.
    const reference = new RedisReplayStore({ client, prefix: 'ref:', timeoutMs: 3_000 });
    const expiresAt = Date.now() + 60_000;
    // Redis learns the scripts first (by another store): each command is then one round trip.
    expect(await replayStoreFor(client, { prefix: 'warm:' }).claim('w', expiresAt)).toBe(true);
    expect(await whenAnswered(() => reference.claim('w', expiresAt))).toBe(true);
    // How many CONFIG GET (the eviction-policy check) Redis has run.
    const configGets = async () =>
      Number(/cmdstat_config\|get:calls=(\d+)/.exec(await client.info('commandstats'))?.[1]);
    const settled: string[] = [];
    const checks = proxy.holdReplies();
    let outcomes: unknown[];
    try {
      const first = replayStore.claim('j-1', expiresAt).catch((e: unknown) => {
        settled.push('claim');
        return e;
      });
      // Redis answers the checks 2 s (2/3 of timeoutMs) on; the claim, and the one command of a
      // call started then, never until both failed. A timer of 2 s set now runs before those of
      // 3 s set by the checks, however late: the checks answer in time, whatever the load.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const rest = proxy.holdReplies();
      try {
        checks.release();
        const second = reference.claim('r', expiresAt).catch((e: unknown) => {
          settled.push('reference');
          return e;
        });
        outcomes = await Promise.all([first, second]);
      } finally {
        rest.release();
      }
    } finally {
      checks.release();
    }
    // The claim's one timeoutMs counted from its start, checks included: it ended first.
    expect(settled).toEqual(['claim', 'reference']);
    for (const failed of outcomes) {
      expect(StoreUnavailableError.isInstance(failed)).toBe(true);
      expect((failed as StoreUnavailableError).operation).toBe('claim');
    }
    // The checks passed and are trusted: the retry sends no CONFIG GET. The claim that timed out
    // landed; the retry presents its token and is accepted, once.
    const before = await configGets();
    expect(before).toBeGreaterThan(0);
    expect(await whenAnswered(() => replayStore.claim('j-1', expiresAt))).toBe(true);
    expect(await whenAnswered(() => replayStore.claim('j-1', expiresAt))).toBe(false);
    expect(await configGets()).toBe(before);
  });

  it('a check shared by a get and a set that Redis leaves unanswered fails each naming its own operation', async () => {
    const store = new RedisTokenCache({
      client,
      prefix: 'shared:',
      timeoutMs: 300,
      encryptionKeys: [{ id: 'k1', key: Buffer.alloc(32, 1).toString('base64') }],
    });
    const key = { adapterId: 'kc', agentId: 'a', sub: 'u-1', scope: ['s'], audience: 'x' };
    const token = await createDualSubjectToken({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 's',
      issuedAt: Date.now(),
    });
    redis.pause();
    let outcomes: unknown[];
    try {
      outcomes = await Promise.all([
        store.get(key).catch((e: unknown) => e),
        store.set(key, token).catch((e: unknown) => e),
      ]);
    } finally {
      redis.resume();
    }
    const [got, set] = outcomes;
    expect(StoreUnavailableError.isInstance(got)).toBe(true);
    expect(StoreUnavailableError.isInstance(set)).toBe(true);
    expect((got as StoreUnavailableError).operation).toBe('get');
    expect((set as StoreUnavailableError).operation).toBe('set');
  });
});
