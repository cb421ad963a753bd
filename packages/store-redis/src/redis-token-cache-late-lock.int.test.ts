import { StoreUnavailableError, type TokenCacheKey } from '@dual-auth/core';
import type { LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually, readyClient, redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisTokenCache } from './redis-token-cache.js';

// A lock whose `SET NX` timed out while Redis was frozen (SIGSTOP) was already written: Redis runs
// it once it goes on. Nobody holds that lock, yet it would keep every other instance of that token
// waiting for up to lockWaitMs, for lockTtlMs.
const KEY = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') };

let redis: LocalRedis;
let client: StoreRedisClient;
redisPerFile((started) => ({ redis, client } = started));

function key(sub: string): TokenCacheKey {
  return {
    adapterId: 'kc',
    agentId: 'finance-agent',
    sub,
    scope: ['finance.read'],
    audience: 'api',
  };
}

describe('RedisTokenCache.lock refused for a timeout', () => {
  it('leaves no lock behind once Redis runs the late command: another instance takes the lock at once', async () => {
    const prefix = 'late-lock:';
    const frozen = new RedisTokenCache({
      client,
      prefix,
      encryptionKeys: [KEY],
      timeoutMs: 300,
      lockTtlMs: 600_000,
    });
    // Its key-layout check done while Redis answers, so that the command that times out is the
    // lock's SET NX (a first lock on a frozen Redis times out at the check and sends no SET NX,
    // which leaves no lock whatever the store does after). 300 ms can pass on a loaded machine:
    // it may take a few tries (this test is about the late SET NX, not about this lock).
    await eventually(async () => {
      await (await frozen.lock(key('warm-up'))).release();
      return true;
    });
    redis.pause();
    try {
      const error = await frozen.lock(key('u-1')).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ operation: 'lock' });
    } finally {
      redis.resume();
    }
    // One connection answers in order: once this is answered, so are the commands sent before.
    await client.ping();
    expect(await client.keys(`${prefix}*lock*`)).toEqual([]);
    const other = await readyClient(redis.url);
    try {
      const next = tokenCacheFor(other, { prefix, encryptionKeys: [KEY], lockWaitMs: 200 });
      const held = await next.lock(key('u-1'));
      await held.release();
    } finally {
      await other.close();
    }
  });
});
