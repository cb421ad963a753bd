import { createDualSubjectToken, StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor, tokenCacheFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Chaos session 35: on a Redis at its maxmemory (noeviction), one whose ACL user lacked a command,
// or one that refused the password, every claim and cut-off read failed (fail closed, right), and
// the API logged only `dual_auth_decision` 503 `replay_store_unavailable` /
// `cutoff_store_unavailable`, the agent service `jwt_invalid`: no line said that Redis answered
// OOM, NOPERM or NOAUTH rather than nothing, so the operator could not tell a full Redis from a
// slow one (the soak printed the errors' causes itself to tell them apart). The stores now log
// `redis_store_failed` (warn: store, operation, cause, Redis's error code or the error's class,
// never a key, id or message), at most once per kind every 10 s on the store's clock.

let redis: LocalRedis;
let client: StoreRedisClient;
redisPerFile((started) => ({ redis, client } = started));

afterEach(async () => {
  redis.resume();
  await client.configSet('maxmemory', '0');
});

const failed = (logger: ReturnType<typeof createRecordingLogger>) =>
  logger.records.filter((r) => r.event === 'redis_store_failed');

describe('redis_store_failed', () => {
  it('names OOM on a Redis at its maxmemory, once per kind every 10 s of the store’s clock', async () => {
    const logger = createRecordingLogger();
    let now = Date.now();
    const store = replayStoreFor(client, { logger, clock: { now: () => now } });
    expect(await store.claim('before', now + 60_000)).toBe(true);
    await client.configSet('maxmemory', '1'); // every write refused: OOM
    for (const jti of ['a', 'b', 'c']) {
      const error = await store.claim(jti, now + 60_000).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
    }
    expect(failed(logger)).toEqual([
      {
        level: 'warn',
        event: 'redis_store_failed',
        fields: {
          store: 'RedisReplayStore',
          operation: 'claim',
          cause: 'redis_refused',
          error_type: 'SimpleError',
          error_code: 'OOM',
        },
      },
    ]);
    now += 10_000;
    await store.claim('d', now + 60_000).catch(() => undefined);
    // Session 35 (wave35/review2): the next line says how many were held back (b and c), as
    // redis_clock_skew's does; it said nothing of them, so 2 lines read as 2 failures, not 4.
    expect(failed(logger)[1]?.fields).toMatchObject({ error_code: 'OOM', suppressed_count: 2 });
  });

  it('says no_answer, with the store’s timeoutMs, when Redis does not answer in time', async () => {
    const logger = createRecordingLogger();
    const store = cutoffStoreFor(client, { logger });
    expect(await store.cutoffOf('human-1')).toBeUndefined();
    const hurried = cutoffStoreFor(client, { logger, timeoutMs: 200 });
    redis.pause();
    await expect(hurried.cutoffOf('human-1')).rejects.toThrow(/timeoutMs/);
    redis.resume();
    expect(failed(logger).map((r) => r.fields)).toEqual([
      {
        store: 'RedisDelegationCutoffStore',
        operation: 'cutoff',
        cause: 'no_answer',
        timeout_ms: 200,
      },
    ]);
  });

  it('comes from the token cache too, with nothing of the key or the token', async () => {
    const logger = createRecordingLogger();
    const key = Buffer.alloc(32, 7).toString('base64');
    const cache = tokenCacheFor(client, { logger, encryptionKeys: [{ id: 'k', key }] });
    const entry = {
      adapterId: 'kc',
      agentId: 'agent-1',
      sub: 'jane@example.com',
      scope: ['s'],
      audience: 'x',
    };
    expect(await cache.get(entry)).toBeUndefined();
    await client.configSet('maxmemory', '1');
    const token = createDualSubjectToken({
      accessToken: 'opaque-access-token',
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 's',
      issuedAt: Date.now(),
    });
    await expect(cache.set(entry, token)).rejects.toThrow(/OOM/);
    expect(failed(logger).map((r) => r.fields)).toEqual([
      {
        store: 'RedisTokenCache',
        operation: 'set',
        cause: 'redis_refused',
        error_type: 'SimpleError',
        error_code: 'OOM',
      },
    ]);
    const logged = JSON.stringify(logger.records);
    expect(logged).not.toContain('jane');
    expect(logged).not.toContain('opaque-access-token');
  });
});
