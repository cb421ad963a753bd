import type { Logger } from '@dual-auth/core';
import { SingleFlightTokenCache } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { passRealTime } from '../test/support/real-time.js';
import { readyClient } from '../test/support/redis-client.js';
import {
  financeKey as key,
  tokenCacheScenario,
  useTokenCacheRedis,
} from '../test/support/token-cache-scenario.js';
import { RedisKeys } from './redis-keys.js';

// The token cache on a Redis that may evict (its usual home): the record of a human's last
// invalidate may be gone, so a missing record is not read as "never invalidated", at the cost of
// cache misses only. (Eviction itself: redis-token-cache-invalidated-eviction.attack.test.ts.)

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

const at = useTokenCacheRedis((cli) => cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'));

// Session 34 (tokencache): the tests below let real time pass a 1 s clock tolerance. Their clock
// moved 16 s ahead alone read as an instance running fast, whose lead the store script takes off
// the issue time (Redis's TIME), and the later token was refused.
const TOLERANCE_SECONDS = 1;

/**
 * Sets the scenario's clock to the record Redis holds at `record` (written on Redis's `TIME`, at
 * or after the scenario's clock: a loaded machine can take a while to get there), so the time
 * the test lets pass is counted from it.
 */
async function fromRecord(time: { ms: number }, record: string): Promise<void> {
  time.ms = Number(await at.cli('GET', record));
}

describe('RedisTokenCache on a Redis with allkeys-lru', () => {
  it('keeps caching: misses until a request begins after the record is written again, never an error', async () => {
    const { time, clock, idp, calls, answer, ...scenario } = tokenCacheScenario(
      'keeps:',
      TOLERANCE_SECONDS,
    );
    const { logger, events } = recordingLogger();
    const store = scenario.store(at.client);
    const cache = new SingleFlightTokenCache({ store, clock, logger });
    answer();
    // No record of this human: it may have been evicted, so this token is not kept.
    await cache.getOrRequest(key('u-new'), idp);
    expect(await store.get(key('u-new'))).toBeUndefined();
    const invalidated = new RedisKeys('keeps:', false).invalidated('u-new');
    expect(Number(await at.cli('PTTL', invalidated))).toBeGreaterThan(0);
    await fromRecord(time, invalidated);
    // Within the clock tolerance (1 s) of that record: still not kept.
    time.ms += 500;
    await cache.getOrRequest(key('u-new'), idp);
    expect(calls()).toBe(2);
    await passRealTime(time, 600);
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

describe('RedisTokenCache on a Redis with allkeys-lru, a day on', () => {
  // Review rev9: the record is written with a 24 h expiry; an active human's record then expired
  // each day, and the human's lookups missed for clockToleranceSeconds again. Redis's clock cannot
  // be advanced: the record's remaining lifetime is cut to a second, as 24 h later.
  it("renews the record of an active human's last invalidate on each get and set", async () => {
    const { time, idp, answer, ...scenario } = tokenCacheScenario('renew:', TOLERANCE_SECONDS);
    const store = scenario.store(at.client);
    const { cli } = at;
    answer();
    await store.set(key('u-day'), await idp()); // writes the record, keeps nothing
    const record = new RedisKeys('renew:', false).invalidated('u-day');
    await fromRecord(time, record);
    await passRealTime(time, 1_100);
    const token = await idp();
    await cli('PEXPIRE', record, '1000');
    await store.set(key('u-day'), token);
    expect(Number(await cli('PTTL', record))).toBeGreaterThan(3_600_000);
    await cli('PEXPIRE', record, '1000');
    expect((await store.get(key('u-day')))?.accessToken).toBe(token.accessToken);
    expect(Number(await cli('PTTL', record))).toBeGreaterThan(3_600_000);
  }, 60_000);
});

describe('RedisTokenCache on a Redis with volatile-lru', () => {
  // Which key LRU evicts cannot be steered: the eviction of the index (cold: written once) while
  // the entry stays (hot: read on every call) is made with DEL, the state eviction leaves.
  it("does not serve a token from before the human's invalidate when the index was evicted", async () => {
    const { cli } = at;
    await cli('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru');
    try {
      const { time, idp, answer, ...scenario } = tokenCacheScenario('idx:', TOLERANCE_SECONDS);
      const store = scenario.store(at.client);
      answer();
      await store.set(key('u-idx'), await idp()); // writes the record, keeps nothing
      await fromRecord(time, new RedisKeys('idx:', false).invalidated('u-idx'));
      await passRealTime(time, 1_100);
      const token = await idp();
      await store.set(key('u-idx'), token);
      expect((await store.get(key('u-idx')))?.accessToken).toBe(token.accessToken);
      await cli('DEL', new RedisKeys('idx:', false).index('u-idx'));
      time.ms += 1_000;
      await store.invalidate('u-idx');
      expect(await store.get(key('u-idx'))).toBeUndefined();
    } finally {
      await cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    }
  }, 60_000);
});

describe('RedisTokenCache on a Redis that does not answer CONFIG GET (managed Redis, ACLs)', () => {
  it('reads a missing record as possibly evicted', async () => {
    const { cli, client } = at;
    await cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await cli('ACL', 'SETUSER', 'no-config', 'on', '>pw-no-config', '~*', '&*', '+@all', '-config');
    const limited = await readyClient(
      at.redis.url.replace('redis://', 'redis://no-config:pw-no-config@'),
    );
    try {
      const { idp, answer, store } = tokenCacheScenario('acl:');
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
