import { StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  readyClient,
  startRedisWithClient,
  stopRedisWithClient,
} from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';
import { RedisReplayStore } from './redis-replay-store.js';

// breaker9 finding 3: with maxmemory and volatile-lru (ElastiCache's default), token-cache writes
// evicted a cut-off and a spent jti, and the replay was accepted.
let redis: LocalRedis;
let client: StoreRedisClient;
let run = 0;
const EXPIRES_AT = () => Date.now() + 300_000;

beforeAll(async () => {
  ({ redis, client } = await startRedisWithClient());
});
afterAll(() => stopRedisWithClient({ redis, client }));
afterEach(async () => {
  await client.configSet({ 'maxmemory-policy': 'noeviction', maxmemory: '0' });
});

const stores = (options: { acceptEvictionRisk?: boolean; client?: StoreRedisClient } = {}) => {
  const logger = createRecordingLogger();
  const shared = { client, prefix: `e${++run}:`, timeoutMs: 30_000, logger, ...options };
  return {
    logger,
    replay: new RedisReplayStore(shared),
    cutoffs: new RedisDelegationCutoffStore(shared),
  };
};

describe('the security stores and Redis maxmemory-policy', () => {
  it('refuse every operation while the policy may evict (volatile-lru), and work once it is noeviction', async () => {
    await client.configSet({ 'maxmemory-policy': 'volatile-lru', maxmemory: '64mb' });
    const { logger, replay, cutoffs } = stores();
    for (const attempt of [
      () => replay.claim('jti-1', EXPIRES_AT()),
      () => replay.claim('jti-1', EXPIRES_AT()),
      () => cutoffs.endDelegation('u-alice', Date.now(), 60_000),
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

  it('refuse an acceptEvictionRisk that is not a boolean', () => {
    expect(() => new RedisReplayStore({ client, acceptEvictionRisk: 'yes' as never })).toThrow(
      /acceptEvictionRisk/,
    );
  });
});
