import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger, TokenCacheKey } from '@dual-auth/core';
import { SingleFlightTokenCache } from '@dual-auth/session';
import type { LocalRedis } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldIdp } from '../test/support/held-idp.js';
import {
  eventually,
  readyClient,
  startRedisWithClient,
  stopRedisWithClient,
} from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisKeys } from './redis-keys.js';
import { RedisTokenCache } from './redis-token-cache.js';

// The token cache on a Redis that may evict (its usual home): the record of a human's last
// invalidate may be gone, so a missing record is not read as "never invalidated".

const run = promisify(execFile);
const KEY = { id: 'k1', key: Buffer.alloc(32, 7).toString('base64') };

let redis: LocalRedis;
let client: StoreRedisClient;

const cli = async (...args: string[]) =>
  (await run('redis-cli', ['-p', String(redis.port), ...args])).stdout.trim();

function key(sub: string): TokenCacheKey {
  return {
    adapterId: 'kc|https://idp.example/token|agent',
    agentId: 'finance-agent',
    sub,
    scope: ['finance.read'],
    audience: 'https://api.example.com/finance',
  };
}

// Every warning and error a logger hears, by name.
function recordingLogger() {
  const events: string[] = [];
  const hear = (event: string) => {
    events.push(event);
  };
  const ignore = () => {};
  const logger: Logger = { debug: ignore, info: ignore, warn: hear, error: hear };
  return { logger, events };
}

beforeAll(async () => {
  ({ redis, client } = await startRedisWithClient());
  await cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
});
afterAll(() => stopRedisWithClient({ redis, client }));

describe('RedisTokenCache on a Redis with allkeys-lru', () => {
  it("does not hand out a token requested before the human's invalidate once its record is evicted", async () => {
    const time = { ms: Date.now() };
    const clock = { now: () => time.ms };
    const prefix = 'allkeys:';
    const other = await readyClient(redis.url);
    try {
      const store = (c: StoreRedisClient) =>
        new RedisTokenCache({ client: c, prefix, encryptionKeys: [KEY], clock });
      const instanceA = new SingleFlightTokenCache({ store: store(client), clock });
      const filler = store(client);
      const instanceB = new SingleFlightTokenCache({ store: store(other), clock });
      const { idp, calls, answer } = heldIdp(time);
      const underWay = instanceB.getOrRequest(key('u-logout'), idp);
      await eventually(async () => calls() === 1);
      time.ms += 1_000;
      await instanceA.invalidate('u-logout');
      const invalidated = new RedisKeys(prefix, false).invalidated('u-logout');
      expect(await cli('EXISTS', invalidated)).toBe('1');
      const used = Number((await cli('INFO', 'memory')).match(/used_memory:(\d+)/)?.[1]);
      await cli('CONFIG', 'SET', 'maxmemory', String(used + 512 * 1024));
      for (let i = 0; i < 20_000 && (await cli('EXISTS', invalidated)) === '1'; i += 1) {
        for (let j = 0; j < 50; j += 1) {
          await filler.set(key(`u-${i}-${j}`), await idp());
        }
      }
      expect(await cli('EXISTS', invalidated)).toBe('0');
      time.ms += 1_000;
      answer();
      await underWay;
      const served = await instanceA.getOrRequest(key('u-logout'), idp);
      expect(served.accessToken).not.toBe('opaque-1');
    } finally {
      await cli('CONFIG', 'SET', 'maxmemory', '0').catch(() => '');
      await other.close();
    }
  }, 120_000);

  it('keeps caching: misses until a request begins after the record is written again, never an error', async () => {
    const time = { ms: Date.now() };
    const clock = { now: () => time.ms };
    const { logger, events } = recordingLogger();
    const store = new RedisTokenCache({ client, prefix: 'keeps:', encryptionKeys: [KEY], clock });
    const cache = new SingleFlightTokenCache({ store, clock, logger });
    const { idp, calls, answer } = heldIdp(time);
    answer();
    // No record of this human: it may have been evicted, so this token is not kept.
    await cache.getOrRequest(key('u-new'), idp);
    expect(await store.get(key('u-new'))).toBeUndefined();
    const invalidated = new RedisKeys('keeps:', false).invalidated('u-new');
    expect(Number(await cli('PTTL', invalidated))).toBeGreaterThan(0);
    // Within the clock tolerance (15 s) of that record: still not kept.
    time.ms += 10_000;
    await cache.getOrRequest(key('u-new'), idp);
    expect(calls()).toBe(2);
    time.ms += 6_000;
    const kept = await cache.getOrRequest(key('u-new'), idp);
    expect(calls()).toBe(3);
    expect((await store.get(key('u-new')))?.accessToken).toBe(kept.accessToken);
    // Another instance is served it without asking the IdP.
    const next = new SingleFlightTokenCache({ store, clock, logger });
    expect((await next.getOrRequest(key('u-new'), idp)).accessToken).toBe(kept.accessToken);
    expect(calls()).toBe(3);
    expect(events).toEqual([]);
  }, 60_000);
});

describe('RedisTokenCache on a Redis that does not answer CONFIG GET (managed Redis, ACLs)', () => {
  it('reads a missing record as possibly evicted', async () => {
    await cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await cli('ACL', 'SETUSER', 'no-config', 'on', '>pw-no-config', '~*', '&*', '+@all', '-config');
    const limited = await readyClient(
      redis.url.replace('redis://', 'redis://no-config:pw-no-config@'),
    );
    try {
      const time = { ms: Date.now() };
      const clock = { now: () => time.ms };
      const store = (c: StoreRedisClient) =>
        new RedisTokenCache({ client: c, prefix: 'acl:', encryptionKeys: [KEY], clock });
      const { idp, answer } = heldIdp(time);
      answer();
      // With CONFIG allowed, noeviction: the first token is kept.
      await store(client).set(key('u-seen'), await idp());
      expect(await store(client).get(key('u-seen'))).toBeDefined();
      // Without it, the policy is unknown: the first token is not kept.
      await store(limited).set(key('u-acl'), await idp());
      expect(await store(limited).get(key('u-acl'))).toBeUndefined();
    } finally {
      await limited.close();
      await cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    }
  }, 60_000);
});
