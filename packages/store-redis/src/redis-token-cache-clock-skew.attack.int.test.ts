import { createDualSubjectToken, type DualSubjectToken, type TokenCacheKey } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from './clock-skew.js';
import type { StoreRedisClient } from './index.js';
import type { RedisTokenCache } from './redis-token-cache.js';

// Session 34 (smalls): RedisTokenCache compares one process's clock with another's (a token's
// issue time on the instance that requested it against a logout's time on the instance that
// invalidated), allowing clockToleranceSeconds (15 s). Redis's TIME was not asked. Two instances
// whose clocks are a minute or an hour apart, both against one real redis-server: can the cache
// serve a token past its expiry, or keep one its human's logout (invalidate) should have dropped?

const KEY = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') };
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.sig';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

/** Two instances of an app on one prefix: `right`'s clock is Redis's, `off`'s is `offMs` off. */
function twoInstances(offMs: number): {
  prefix: string;
  right: RedisTokenCache;
  off: RedisTokenCache;
} {
  const prefix = `skewcache-${crypto.randomUUID()}:`;
  const on = (now: () => number) =>
    tokenCacheFor(client, { prefix, encryptionKeys: [KEY], clock: { now } });
  return { prefix, right: on(() => Date.now()), off: on(() => Date.now() + offMs) };
}

const key: TokenCacheKey = {
  adapterId: 'kc|https://idp.example/token|agent',
  agentId: 'finance-agent',
  sub: 'u-alice',
  scope: ['finance.read'],
  audience: 'https://api.example.com/finance',
};

/** A token of `expiresIn` s whose request began at `issuedAt` (ms, on its requester's clock). */
function token(issuedAt: number, expiresIn = 300): DualSubjectToken {
  return createDualSubjectToken({
    accessToken: ACCESS_TOKEN,
    tokenType: 'Bearer',
    expiresIn,
    scope: 'finance.read',
    issuedAt,
  });
}

describe('attack: RedisTokenCache on two instances whose clocks are a minute or an hour apart', () => {
  it('a token stored by an instance an hour slow lives in Redis no longer than its lifetime', async () => {
    const { prefix, off } = twoInstances(-HOUR_MS);
    // Requested now on the slow instance: its expiry is on that instance's clock.
    await off.set(key, token(Date.now() - HOUR_MS));
    expect(await off.get(key)).toBeDefined();
    // The entry and the index are kept on Redis's clock by the token's own lifetime (less the
    // margin), whatever clock set it: Redis drops them before the token expires.
    const ttls = await Promise.all((await client.keys(`${prefix}*`)).map((k) => client.pTTL(k)));
    const expiring = ttls.filter((ttlMs) => ttlMs > 0);
    expect(expiring.length).toBeGreaterThan(0);
    for (const ttlMs of expiring) expect(ttlMs).toBeLessThanOrEqual(300_000);
  });

  // Session 34 (tokencache): an instance a minute fast (past the 15 s tolerance, within the 5 min
  // beyond which it stores nothing) stored its token after the logout, served to every instance.
  it.each([
    ['a minute', 60_000],
    ['an hour', HOUR_MS],
  ])(
    'a request under way on an instance %s fast at a logout on another is not stored after it',
    async (_, aheadMs) => {
      const { right, off } = twoInstances(aheadMs);
      // The fast instance's request began a second before the logout (by its own clock).
      const issuedAt = Date.now() + aheadMs - 1_000;
      await right.invalidate('u-alice');
      await off.set(key, token(issuedAt));
      expect(await right.get(key)).toBeUndefined();
      expect(await off.get(key)).toBeUndefined();
    },
  );

  it('a request under way on an instance an hour slow at a logout on another is not stored after it', async () => {
    const { right, off } = twoInstances(-HOUR_MS);
    const issuedAt = Date.now() - HOUR_MS - 1_000;
    await right.invalidate('u-alice');
    await off.set(key, token(issuedAt));
    expect(await right.get(key)).toBeUndefined();
  });

  it('a logout on an instance an hour slow: a request under way on a right instance is not stored after it', async () => {
    const { right, off } = twoInstances(-HOUR_MS);
    const issuedAt = Date.now() - 1_000;
    await off.invalidate('u-alice');
    await right.set(key, token(issuedAt));
    expect(await right.get(key)).toBeUndefined();
  });
});

// Session 34 (tokencache): on a Redis that may evict, a `set` that finds no record of the human
// (evicted) writes one as if the human had logged out then, on the storing instance's clock: an
// instance a minute slow wrote it a minute in the past, and a request under way at the evicted
// logout was stored after it.
describe('attack: RedisTokenCache on a Redis that may evict, an instance a minute slow', () => {
  it('writes no record of a logout in the past: a request under way at the evicted one is not stored', async () => {
    await client.configSet('maxmemory-policy', 'allkeys-lru');
    try {
      const { prefix, right, off } = twoInstances(-60_000);
      const loggedOutAt = Date.now();
      await right.invalidate('u-alice');
      await client.del(`${prefix}{u-alice}:invalidated`); // the state its eviction leaves
      await off.set(key, token(Date.now() - 60_000)); // finds no record: writes one, keeps nothing
      await right.set(key, token(loggedOutAt - 1_000));
      expect(await right.get(key)).toBeUndefined();
    } finally {
      await client.configSet('maxmemory-policy', 'noeviction');
    }
  });
});

// Session 35 (smalls): RedisTokenCache stored nothing from an instance whose clock ran further
// ahead of Redis's TIME than a fixed 5 minutes, and said nothing: the operator saw only IdP
// requests grow. The allowance is now `maxClockSkewMs`, as the other Redis stores', and each
// refusal a `redis_clock_skew` warning (whole seconds, no human, no token). The instance's clock
// is injected, Redis's is the host's.

/**
 * A cache on an instance whose clock runs `aheadMs` ahead of Redis's (read at each call when a
 * function), with a recording logger.
 */
function instanceAhead(aheadMs: number | (() => number), maxClockSkewMs?: number) {
  const logger = createRecordingLogger();
  const ahead = typeof aheadMs === 'number' ? () => aheadMs : aheadMs;
  const cache = tokenCacheFor(client, {
    prefix: `skewlimit-${crypto.randomUUID()}:`,
    encryptionKeys: [KEY],
    clock: { now: () => Date.now() + ahead() },
    logger,
    ...(maxClockSkewMs === undefined ? {} : { maxClockSkewMs }),
  });
  return { cache, logger };
}

describe('attack: RedisTokenCache on an instance whose clock runs far ahead of Redis', () => {
  it('stores nothing past the default maxClockSkewMs and warns redis_clock_skew in whole seconds, no human, no token', async () => {
    const { cache, logger } = instanceAhead(10 * MINUTE_MS);
    await cache.set(key, token(Date.now() + 10 * MINUTE_MS));
    expect(await cache.get(key)).toBeUndefined();
    expect(logger.records).toEqual([
      {
        level: 'warn',
        event: 'redis_clock_skew',
        fields: { store: 'RedisTokenCache', skew_seconds: expect.any(Number) },
      },
    ]);
    // Whole seconds, read beside Redis's TIME: a loaded machine's round trip may move it a bit.
    const logged = logger.records[0]?.fields?.skew_seconds as number;
    expect(Number.isInteger(logged)).toBe(true);
    expect(Math.abs(logged - 600)).toBeLessThanOrEqual(5);
    const written = JSON.stringify(logger.records);
    expect(written).not.toContain('u-alice');
    expect(written).not.toContain(ACCESS_TOKEN);
  });

  it('within the default maxClockSkewMs stores the token and logs nothing', async () => {
    const aheadMs = DEFAULT_MAX_CLOCK_SKEW_MS - MINUTE_MS;
    const { cache, logger } = instanceAhead(aheadMs);
    await cache.set(key, token(Date.now() + aheadMs));
    expect(await cache.get(key)).toBeDefined();
    expect(logger.records).toEqual([]);
  });

  it('honours maxClockSkewMs: an instance an hour ahead stores under a 2 h allowance', async () => {
    const { cache, logger } = instanceAhead(60 * MINUTE_MS, 120 * MINUTE_MS);
    await cache.set(key, token(Date.now() + 60 * MINUTE_MS));
    expect(await cache.get(key)).toBeDefined();
    expect(logger.records).toEqual([]);
  });

  it('honours maxClockSkewMs: an instance 2 minutes ahead stores nothing under a 1 minute allowance', async () => {
    const { cache, logger } = instanceAhead(2 * MINUTE_MS, MINUTE_MS);
    await cache.set(key, token(Date.now() + 2 * MINUTE_MS));
    expect(await cache.get(key)).toBeUndefined();
    expect(logger.records.map(({ event }) => event)).toEqual(['redis_clock_skew']);
  });

  // Session 35 (review): a skewed instance stores nothing, so each call for any human asks the IdP
  // again and is refused again: one warning per call was one warn line per request served.
  it('warns at most once a minute by its clock, counting those held back in suppressed_count', async () => {
    let aheadMs = 10 * MINUTE_MS;
    const { cache, logger } = instanceAhead(() => aheadMs);
    const skewEvents = () => logger.records.filter(({ event }) => event === 'redis_clock_skew');
    for (let call = 0; call < 3; call += 1) {
      await cache.set(key, token(Date.now() + aheadMs));
    }
    expect(skewEvents()).toHaveLength(1);
    expect(skewEvents()[0]?.fields).not.toHaveProperty('suppressed_count');
    // A minute later by the instance's clock (its lead grown by a minute): warned again, with the
    // two held back.
    aheadMs += MINUTE_MS;
    await cache.set(key, token(Date.now() + aheadMs));
    expect(skewEvents()).toHaveLength(2);
    expect(skewEvents()[1]?.fields).toEqual({
      store: 'RedisTokenCache',
      skew_seconds: expect.any(Number),
      suppressed_count: 2,
    });
    expect(await cache.get(key)).toBeUndefined();
  }, 30_000);

  it.each([0, -1, 1.5, 365 * 86_400_000 + 1, '300000', Number.NaN])(
    'refuses maxClockSkewMs %s at construction, as the other Redis stores',
    (maxClockSkewMs) => {
      expect(() =>
        tokenCacheFor(client, { encryptionKeys: [KEY], maxClockSkewMs: maxClockSkewMs as number }),
      ).toThrow(/maxClockSkewMs must be/);
    },
  );
});
