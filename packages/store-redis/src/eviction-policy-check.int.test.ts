import { StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { readyClient, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisReplayStore, type RedisReplayStoreOptions } from './redis-replay-store.js';

// breaker9 finding 3: with maxmemory and volatile-lru (ElastiCache's default), token-cache writes
// evicted a cut-off and a spent jti, and the replay was accepted.
let redis: LocalRedis;
let client: StoreRedisClient;
let run = 0;
const EXPIRES_AT = () => Date.now() + 300_000;

redisPerFile((started) => ({ redis, client } = started));
afterEach(async () => {
  await client.configSet({ 'maxmemory-policy': 'noeviction', maxmemory: '0' });
});

/** How many CONFIG GET Redis has run since the last CONFIG RESETSTAT. */
async function configGetCalls(): Promise<number> {
  const info = String(await client.sendCommand(['INFO', 'commandstats']));
  return Number(/cmdstat_config\|get:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

const stores = (options: Partial<RedisReplayStoreOptions> = {}) => {
  const logger = createRecordingLogger();
  const { client: own = client, ...rest } = options;
  const shared = { prefix: `e${++run}:`, logger, ...rest };
  return {
    logger,
    replay: replayStoreFor(own, shared),
    cutoffs: cutoffStoreFor(own, shared),
  };
};

describe('the security stores and Redis maxmemory-policy', () => {
  it('refuse every claim and cut-off read while the policy may evict (volatile-lru), and work once it is noeviction', async () => {
    await client.configSet({ 'maxmemory-policy': 'volatile-lru', maxmemory: '64mb' });
    const { logger, replay, cutoffs } = stores();
    for (const attempt of [
      () => replay.claim('jti-1', EXPIRES_AT()),
      () => replay.claim('jti-1', EXPIRES_AT()),
      () => cutoffs.cutoffOf('u-alice'),
    ]) {
      const refused = await attempt().catch((error: unknown) => error);
      expect(StoreUnavailableError.isInstance(refused)).toBe(true);
      expect((refused as Error).message).toMatch(
        /maxmemory-policy is volatile-lru: .*Set maxmemory-policy noeviction .*acceptEvictionRisk: true/,
      );
    }
    expect(logger.records).toEqual([
      {
        level: 'error',
        event: 'redis_eviction_policy_refused',
        fields: { store: 'RedisReplayStore', policy: 'volatile-lru' },
      },
      {
        level: 'error',
        event: 'redis_eviction_policy_refused',
        fields: { store: 'RedisDelegationCutoffStore', policy: 'volatile-lru' },
      },
    ]);
    // Fixed on Redis, no restart of the app: the same stores work from the next operation on.
    await client.configSet({ 'maxmemory-policy': 'noeviction' });
    expect(await replay.claim('jti-1', EXPIRES_AT())).toBe(true);
    expect(await replay.claim('jti-1', EXPIRES_AT())).toBe(false);
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
    expect(logger.records).toHaveLength(2);
  });

  it('write a cut-off even while the policy is refused (a logout must not fail), and log the risk', async () => {
    await client.configSet({ 'maxmemory-policy': 'allkeys-lru' });
    const { logger, cutoffs } = stores();
    await cutoffs.endDelegation('u-bob', 2_000_000_000_000, 60_000);
    await cutoffs.endDelegation('u-bob', 2_000_000_000_001, 60_000);
    // Reads still fail closed: a cut-off may have been evicted.
    await expect(cutoffs.cutoffOf('u-bob')).rejects.toThrow(/maxmemory-policy is allkeys-lru/);
    expect(logger.records).toEqual([
      {
        level: 'error',
        event: 'redis_eviction_policy_refused',
        fields: { store: 'RedisDelegationCutoffStore', policy: 'allkeys-lru' },
      },
    ]);
    await client.configSet({ 'maxmemory-policy': 'noeviction' });
    expect(await cutoffs.cutoffOf('u-bob')).toBe(2_000_000_000_001);
  });

  it('ask again once policyCheckIntervalMs has passed (injected clock): a policy switched at run time is refused', async () => {
    let nowMs = Date.now(); // near Redis's TIME (maxClockSkewMs); moved below by 30 s only
    const clock = { now: () => nowMs };
    const { logger, replay, cutoffs } = stores({ clock, policyCheckIntervalMs: 30_000 });
    const expiresAt = () => nowMs + 300_000;
    expect(await replay.claim('jti-5', expiresAt())).toBe(true);
    expect(await cutoffs.cutoffOf('u-carol')).toBeUndefined();
    await client.configSet({ 'maxmemory-policy': 'allkeys-lru', maxmemory: '64mb' });
    await client.sendCommand(['CONFIG', 'RESETSTAT']);
    // Within the interval the policy is trusted: no CONFIG GET per operation.
    nowMs += 29_999;
    expect(await replay.claim('jti-6', expiresAt())).toBe(true);
    expect(await cutoffs.cutoffOf('u-carol')).toBeUndefined();
    expect(await configGetCalls()).toBe(0);
    nowMs += 1;
    await expect(replay.claim('jti-7', expiresAt())).rejects.toThrow(/allkeys-lru/);
    await expect(cutoffs.cutoffOf('u-carol')).rejects.toThrow(/allkeys-lru/);
    expect(await configGetCalls()).toBe(2);
    expect(logger.records.map(({ event, fields }) => [event, fields?.store])).toEqual([
      ['redis_eviction_policy_refused', 'RedisReplayStore'],
      ['redis_eviction_policy_refused', 'RedisDelegationCutoffStore'],
    ]);
  });

  it('ask again after the client reconnected, before the interval has passed', async () => {
    const own = await readyClient(redis.url);
    try {
      const startedMs = Date.now();
      const { logger, replay } = stores({ client: own, clock: { now: () => startedMs } });
      expect(await replay.claim('jti-8', EXPIRES_AT())).toBe(true);
      await client.configSet({ 'maxmemory-policy': 'allkeys-lru', maxmemory: '64mb' });
      // Not events.once: it rejects on the 'error' the dropped connection emits first.
      const ready = new Promise((resolve) => own.once('ready', resolve));
      // Drops every other connection, the store's among them; its client reconnects by itself.
      await client.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      await ready;
      await expect(replay.claim('jti-9', EXPIRES_AT())).rejects.toThrow(/allkeys-lru/);
      expect(logger.records.map(({ event }) => event)).toEqual(['redis_eviction_policy_refused']);
    } finally {
      await own.close();
    }
  });

  it('refuse allkeys-lru too; noeviction passes without a word', async () => {
    await client.configSet({ 'maxmemory-policy': 'allkeys-lru' });
    const refused = stores();
    await expect(refused.replay.claim('jti-2', EXPIRES_AT())).rejects.toThrow(/allkeys-lru/);
    await client.configSet({ 'maxmemory-policy': 'noeviction' });
    const { logger, replay, cutoffs } = stores();
    expect(await replay.claim('jti-2', EXPIRES_AT())).toBe(true);
    expect(await cutoffs.cutoffOf('u-alice')).toBeUndefined();
    expect(logger.records).toEqual([]);
  });

  it('with acceptEvictionRisk: true work under volatile-lru and warn once per store', async () => {
    await client.configSet({ 'maxmemory-policy': 'volatile-lru', maxmemory: '64mb' });
    const { logger, replay, cutoffs } = stores({ acceptEvictionRisk: true });
    expect(await replay.claim('jti-3', EXPIRES_AT())).toBe(true);
    expect(await replay.claim('jti-3', EXPIRES_AT())).toBe(false);
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
    expect(logger.records).toEqual([
      {
        level: 'warn',
        event: 'redis_eviction_policy_accepted',
        fields: { store: 'RedisReplayStore', policy: 'volatile-lru' },
      },
      {
        level: 'warn',
        event: 'redis_eviction_policy_accepted',
        fields: { store: 'RedisDelegationCutoffStore', policy: 'volatile-lru' },
      },
    ]);
  });

  it('say once that the policy cannot be checked when Redis refuses CONFIG (an ACL, managed Redis), and go on', async () => {
    await client.configSet({ 'maxmemory-policy': 'volatile-lru' });
    await client.sendCommand([
      'ACL',
      'SETUSER',
      'app',
      'on',
      '>app-password-0123456789',
      '~*',
      '+@all',
      '-config',
    ]);
    const limited = await readyClient(
      redis.url.replace('redis://', 'redis://app:app-password-0123456789@'),
    );
    try {
      const { logger, replay } = stores({ client: limited });
      expect(await replay.claim('jti-4', EXPIRES_AT())).toBe(true);
      expect(await replay.claim('jti-4', EXPIRES_AT())).toBe(false);
      expect(logger.records).toEqual([
        {
          level: 'warn',
          event: 'redis_eviction_policy_unknown',
          fields: { store: 'RedisReplayStore' },
        },
      ]);
    } finally {
      await limited.close();
    }
  });

  it('refuse an acceptEvictionRisk that is not a boolean, a policyCheckIntervalMs that is not positive', () => {
    expect(() => new RedisReplayStore({ client, acceptEvictionRisk: 'yes' as never })).toThrow(
      /acceptEvictionRisk/,
    );
    expect(() => new RedisReplayStore({ client, policyCheckIntervalMs: 0 })).toThrow(
      /policyCheckIntervalMs/,
    );
  });
});
