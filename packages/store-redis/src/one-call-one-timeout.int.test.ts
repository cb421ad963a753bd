import { once } from 'node:events';
import { createDualSubjectToken, StoreUnavailableError } from '@dual-auth/core';
import type { LocalRedis } from '@dual-auth/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { replayStoreFor } from '../test/support/stores.js';
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
  it('a claim whose policy check is due fails within one timeoutMs when Redis answers each command in 2/3 of it, and its retry is accepted', async () => {
    const replayStore = new RedisReplayStore({ client, prefix: 'bound:', timeoutMs: 3_000 });
    const expiresAt = Date.now() + 60_000;
    // Redis learns the scripts first (by another store): each command is then one round trip.
    expect(await replayStoreFor(client, { prefix: 'warm:' }).claim('w', expiresAt)).toBe(true);
    proxy.delayReplies(2_000); // each answer 2 s late: the checks, then the claim, 4 s in all
    try {
      const first = await replayStore.claim('j-1', expiresAt).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(first)).toBe(true);
      expect((first as StoreUnavailableError).operation).toBe('claim');
      // The checks passed and are trusted: one command, 2 s, within timeoutMs. The claim that
      // timed out landed; the retry presents its token and is accepted, once.
      expect(await replayStore.claim('j-1', expiresAt)).toBe(true);
      expect(await replayStore.claim('j-1', expiresAt)).toBe(false);
    } finally {
      proxy.delayReplies(0);
    }
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
