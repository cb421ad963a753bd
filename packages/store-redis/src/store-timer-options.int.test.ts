import type { TokenCacheKey } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';
import { RedisReplayStore } from './redis-replay-store.js';
import { RedisTokenCache } from './redis-token-cache.js';

// The stores' durations become timer delays (`timeoutMs`, `lockWaitMs`) or Redis's `SET … PX`
// (`lockTtlMs`). Node runs a delay past 2^31-1 ms after 1 ms, so a timeout meant as "very long"
// failed every operation at once ("did not answer within timeoutMs (2147483648 ms)"), and Redis
// takes only a whole PX, so a fractional lock lifetime failed every lock: refused at creation, as
// createRedisClient refuses its own delays.
let client: StoreRedisClient;
let run = 0;
const PAST_TIMERS = 2 ** 31;
const LONGEST_TIMER = PAST_TIMERS - 1;
const encryptionKeys = [{ id: 'k1', key: new Uint8Array(32).fill(1) }];
const key: TokenCacheKey = {
  adapterId: 'kc|https://idp.example/token|agent',
  agentId: 'finance-agent',
  sub: 'u-1',
  scope: ['finance.read'],
  audience: 'https://api.example.com/finance',
};

redisPerFile((started) => ({ client } = started));

describe('store-redis: durations a timer (or Redis) can hold', () => {
  it('answers with the longest timeoutMs a timer holds, and refuses a longer one at creation', async () => {
    const prefix = `timer${++run}:`;
    const replay = new RedisReplayStore({ client, prefix, timeoutMs: LONGEST_TIMER });
    expect(await replay.claim('j', Date.now() + 60_000)).toBe(true);
    const cutoffs = new RedisDelegationCutoffStore({ client, prefix, timeoutMs: LONGEST_TIMER });
    expect(await cutoffs.cutoffOf('u-1')).toBeUndefined();
    for (const timeoutMs of [PAST_TIMERS, Number.MAX_SAFE_INTEGER, 1.5]) {
      expect(() => new RedisReplayStore({ client, prefix, timeoutMs })).toThrow(
        /options\.timeoutMs must be a whole number of milliseconds/,
      );
      expect(() => new RedisDelegationCutoffStore({ client, prefix, timeoutMs })).toThrow(
        /options\.timeoutMs must be a whole number of milliseconds/,
      );
      expect(() => new RedisTokenCache({ client, prefix, encryptionKeys, timeoutMs })).toThrow(
        /options\.timeoutMs must be a whole number of milliseconds/,
      );
    }
  });

  it('takes and releases a lock with the longest lockWaitMs a timer holds; and lockTtlMs; refuses longer ones and fractions', async () => {
    const prefix = `lock${++run}:`;
    const cache = new RedisTokenCache({
      client,
      prefix,
      encryptionKeys,
      timeoutMs: 30_000,
      lockWaitMs: LONGEST_TIMER,
      lockTtlMs: LONGEST_TIMER,
    });
    await (await cache.lock(key)).release();
    for (const lockWaitMs of [PAST_TIMERS, 1.5]) {
      expect(() => new RedisTokenCache({ client, prefix, encryptionKeys, lockWaitMs })).toThrow(
        /options\.lockWaitMs must be a whole number of milliseconds/,
      );
    }
    // Redis answers `SET … PX 1e+21` with "value is not an integer or out of range": every lock
    // would fail. A lock nobody releases lives no longer than the longest wait for it.
    for (const lockTtlMs of [PAST_TIMERS, 1e21, 1500.5]) {
      expect(() => new RedisTokenCache({ client, prefix, encryptionKeys, lockTtlMs })).toThrow(
        /options\.lockTtlMs must be a whole number of milliseconds/,
      );
    }
  });
});
