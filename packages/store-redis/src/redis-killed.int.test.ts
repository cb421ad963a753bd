import { createDualSubjectToken, StoreUnavailableError } from '@dual-auth/core';
import { SingleFlightTokenCache } from '@dual-auth/session';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore, RedisReplayStore, RedisTokenCache } from './index.js';

// Redis killed (SIGKILL, no chance to close its connections cleanly) while commands are under
// way, then started again on the same port, empty (persistence off): every store fails closed with
// a StoreUnavailableError whose message says what to do, and works again on the same objects.
let redis: LocalRedis;
let client: StoreRedisClient;
redisPerFile((started) => ({ redis, client } = started));

const KEY = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') };
const WHAT_TO_DO = /check that Redis is up and reachable/;

async function redisPid(): Promise<number> {
  return Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
}

describe('a Redis killed mid-operation and started again', () => {
  it('fails every store closed with a typed error saying what to do, and recovers without a restart', async () => {
    const options = { client, prefix: 'killed:', timeoutMs: 1_000 };
    const replayStore = new RedisReplayStore(options);
    const cutoffStore = new RedisDelegationCutoffStore(options);
    const logger = createRecordingLogger();
    const store = new RedisTokenCache({ ...options, encryptionKeys: [KEY] });
    const cache = new SingleFlightTokenCache({ store, logger });
    const key = { adapterId: 'kc', agentId: 'a', sub: 'u-1', scope: ['s'], audience: 'x' };
    const fromIdp = async () =>
      createDualSubjectToken({
        accessToken: 'at',
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 's',
        issuedAt: Date.now(),
      });
    const expiresAt = Date.now() + 60_000;
    // Written while Redis answers, by stores that wait as long as the test may (a loaded machine
    // can take over 1 s); the stores under test are the ones Redis dies under.
    expect(await replayStoreFor(client, { prefix: 'killed:' }).claim('before', expiresAt)).toBe(
      true,
    );
    await cutoffStoreFor(client, { prefix: 'killed:' }).endDelegation('u-1', Date.now(), 60_000);
    const pid = await redisPid();

    redis.pause(); // what is sent now is under way when the process dies
    const underWay = [
      replayStore.claim('under-way', expiresAt),
      cutoffStore.cutoffOf('u-1'),
      store.get(key),
    ].map((call) =>
      call.then(
        () => 'answered',
        (error: unknown) => error,
      ),
    );
    process.kill(pid, 'SIGKILL');
    const whileDown = [
      replayStore.claim('before', expiresAt),
      cutoffStore.cutoffOf('u-1'),
      cutoffStore.endDelegation('u-1', Date.now(), 60_000),
    ].map((call) =>
      call.then(
        () => 'answered',
        (error: unknown) => error,
      ),
    );
    for (const outcome of await Promise.all([...underWay, ...whileDown])) {
      expect(StoreUnavailableError.isInstance(outcome)).toBe(true);
      expect((outcome as Error).message).toMatch(WHAT_TO_DO);
    }
    // The token cache fails open: the IdP's token, the store's error logged.
    expect((await cache.getOrRequest(key, fromIdp)).accessToken).toBe('at');
    expect(logger.records.map((r) => r.event)).toContain('token_cache_error');

    await redis.stop();
    await redis.start(); // same port, empty
    await eventually(async () => (await cutoffStore.cutoffOf('u-1')) === undefined);
    // The replay store Redis died under answers again (retried: a loaded machine can take over
    // 1 s, and its first claim after the restart also runs its checks).
    await expect
      .poll(
        () =>
          replayStore.claim('after-restart', expiresAt).then(
            () => true,
            () => false,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    // Empty: the claim made before the kill is gone (README, "What a Redis restart loses"). Asked
    // by a store on the same client and prefix that waits as long as the test may.
    const patient = replayStoreFor(client, { prefix: 'killed:' });
    expect(await patient.claim('before', expiresAt)).toBe(true);
    expect(await patient.claim('before', expiresAt)).toBe(false);
  });
});

describe('a Redis that refuses the command', () => {
  it('says what to fix on the Redis side: at its maxmemory (noeviction), a claim names OOM and maxmemory', async () => {
    const replayStore = replayStoreFor(client, { prefix: 'oom:' });
    await client.configSet('maxmemory', '1');
    try {
      const error = await replayStore.claim('full', Date.now() + 60_000).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/OOM.*maxmemory \(free memory or raise it\)/);
    } finally {
      await client.configSet('maxmemory', '0');
    }
    expect(await replayStore.claim('full', Date.now() + 60_000)).toBe(true);
  });
});
