import { inspect } from 'node:util';
import { StoreUnavailableError } from '@dual-auth/core';
import type { LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually, readyClient, redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor, whenAnswered } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisReplayStore } from './redis-replay-store.js';

let redis: LocalRedis;
let client: StoreRedisClient;
let run = 0;
// Every test claims under its own prefix, so no test sees another's keys.
const store = (options: Partial<ConstructorParameters<typeof RedisReplayStore>[0]> = {}) =>
  replayStoreFor(client, { prefix: `t${++run}:`, ...options });

redisPerFile((started) => ({ redis, client } = started));

describe('RedisReplayStore: single use', () => {
  it('claims a jti once; another jti is a first use', async () => {
    const replay = store();
    const expiresAt = Date.now() + 60_000;
    expect(await replay.claim('a', expiresAt)).toBe(true);
    expect(await replay.claim('a', expiresAt)).toBe(false);
    expect(await replay.claim('b', expiresAt)).toBe(true);
  });

  it('is shared: a jti claimed through one client is a replay through another', async () => {
    const other = await readyClient(redis.url);
    try {
      const prefix = `shared${++run}:`;
      const first = replayStoreFor(client, { prefix });
      const second = replayStoreFor(other, { prefix });
      expect(await first.claim('j', Date.now() + 60_000)).toBe(true);
      expect(await second.claim('j', Date.now() + 60_000)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('is atomic: of 200 concurrent claims of one jti exactly one wins', async () => {
    const replay = store();
    const results = await Promise.all(
      Array.from({ length: 200 }, () => replay.claim('same', Date.now() + 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("keeps a jti until expiresAt + 15 s (clock skew between instances) by the store's clock when it is behind Redis's", async () => {
    // 10 s behind Redis, within the 15 s margin. (Further behind, a claim whose expiresAt + 15 s
    // Redis's clock has passed is refused: redis-replay-store-behind-within-limit.attack.)
    const now = Date.now() - 10_000;
    const prefix = `clock${++run}:`;
    const replay = replayStoreFor(client, { prefix, clock: { now: () => now } });
    await replay.claim('j', now + 60_000);
    const ttl = await client.pTTL(`${prefix}replay:j`);
    // Redis's clock alone would keep it 65 s.
    expect(ttl).toBeGreaterThan(65_000);
    expect(ttl).toBeLessThanOrEqual(75_000);
  });

  it('lets Redis forget a jti 15 s after it expires', async () => {
    const prefix = `forget${++run}:`;
    const replay = replayStoreFor(client, { prefix });
    // Expired 14 s ago by the store's clock and by Redis's: 1 s is left of its 15 s margin.
    expect(await replay.claim('short', Date.now() - 14_000)).toBe(true);
    await eventually(async () => (await client.exists(`${prefix}replay:short`)) === 0);
    expect(await replay.claim('short', Date.now() + 60_000)).toBe(true);
  });
});

describe('RedisReplayStore: bindings', () => {
  it('the same binding may claim again; another binding, or none, is a replay', async () => {
    const replay = store();
    const exp = Date.now() + 300_000;
    expect(await replay.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(await replay.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(await replay.claim('assertion', exp, { binding: 'digest-2' })).toBe(false);
    expect(await replay.claim('assertion', exp)).toBe(false);
    expect(await replay.claim('assertion', exp, {})).toBe(false);
  });

  it('an unbound first claim cannot be followed by a bound one, even one bound to "u"', async () => {
    const replay = store();
    const exp = Date.now() + 60_000;
    expect(await replay.claim('j', exp)).toBe(true);
    expect(await replay.claim('j', exp, { binding: 'u' })).toBe(false);
    expect(await replay.claim('j', exp, { binding: 'digest-1' })).toBe(false);
  });

  it('concurrent claims with two bindings: only the first binding ever wins', async () => {
    const replay = store();
    const exp = Date.now() + 60_000;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        replay.claim('j', exp, { binding: i % 2 === 0 ? 'even' : 'odd' }),
      ),
    );
    const evenWins = results.filter((won, i) => won && i % 2 === 0).length;
    const oddWins = results.filter((won, i) => won && i % 2 === 1).length;
    expect([evenWins, oddWins].sort()).toEqual([0, 20]);
  });

  it('a repeated bound claim keeps the first expiry', async () => {
    const prefix = `expiry${++run}:`;
    const replay = replayStoreFor(client, { prefix });
    await replay.claim('j', Date.now() + 60_000, { binding: 'd' });
    expect(await replay.claim('j', Date.now() + 900_000, { binding: 'd' })).toBe(true);
    expect(await client.pTTL(`${prefix}replay:j`)).toBeLessThanOrEqual(75_000);
  });
});

describe('RedisReplayStore: keys', () => {
  it('puts the prefix before every key, and with hashIds no jti in any key', async () => {
    const prefix = `hashed${++run}:`;
    const replay = replayStoreFor(client, { prefix, hashIds: true });
    await replay.claim('act-assertion:agent-7:jti-42', Date.now() + 60_000);
    const keys = await client.keys(`${prefix}*`);
    // The claim, and the record of the key layout (no id in it).
    expect(keys.sort()).toEqual([
      `${prefix}key-layout`,
      expect.stringMatching(`^${prefix}replay:`),
    ]);
    expect(keys.join(' ')).not.toMatch(/agent-7|jti-42/);
    expect(await replay.claim('act-assertion:agent-7:jti-42', Date.now() + 60_000)).toBe(false);
  });
});

describe('RedisReplayStore: wrong input', () => {
  it('rejects bad claims with TypeError', async () => {
    const replay = store();
    const exp = Date.now() + 60_000;
    await expect(replay.claim('', exp)).rejects.toThrow(TypeError);
    await expect(replay.claim(42 as never, exp)).rejects.toThrow(TypeError);
    await expect(replay.claim('a', Number.NaN)).rejects.toThrow(TypeError);
    await expect(replay.claim('a', exp, null as never)).rejects.toThrow(TypeError);
    await expect(replay.claim('a', exp, { binding: '' })).rejects.toThrow(/binding/);
  });

  // A new user passed a JWT's `exp` (seconds) as is: a time in 1970, so the key lived only the
  // 15 s margin and a replay a little later was accepted.
  it('refuses an expiresAt in seconds (a JWT exp) with a TypeError naming the fix, before any command, never the jti', async () => {
    const prefix = `seconds${++run}:`;
    const replay = replayStoreFor(client, { prefix });
    const expSeconds = Math.floor(Date.now() / 1000) + 300;
    for (const expiresAt of [expSeconds, 0, -1, 1e11 - 1]) {
      for (const options of [{}, { binding: 'd' }, { partition: 'agent-1' }]) {
        const claim = replay.claim('jti-secret-7', expiresAt, options);
        await expect(claim).rejects.toThrow(
          new TypeError(
            'expiresAt is epoch milliseconds; got a value that looks like seconds (a JWT exp?): pass exp * 1000',
          ),
        );
        await expect(claim).rejects.not.toThrow(/jti-secret-7/);
      }
    }
    expect(await client.keys(`${prefix}*`)).toEqual([]);
    // Nothing was claimed: the same jti with its expiry in milliseconds is a first use, kept.
    expect(await replay.claim('jti-secret-7', expSeconds * 1000)).toBe(true);
    expect(await client.pTTL(`${prefix}replay:jti-secret-7`)).toBeGreaterThan(250_000);
    expect(await replay.claim('jti-secret-7', expSeconds * 1000)).toBe(false);
  });

  it('refuses a jti longer than 256 characters with a TypeError, before any command', async () => {
    const replay = store();
    expect(await replay.claim('j'.repeat(256), Date.now() + 60_000)).toBe(true);
    await expect(replay.claim('j'.repeat(257), Date.now() + 60_000)).rejects.toThrow(
      new TypeError('claim: jti must be at most 256 characters'),
    );
    await expect(replay.claim('j'.repeat(10_000_000), Date.now() + 60_000)).rejects.toThrow(
      TypeError,
    );
  });

  it('refuses an expiresAt more than a year ahead with a RangeError, not StoreUnavailableError', async () => {
    const replay = store();
    for (const expiresAt of [1e20, Date.now() + 366 * 86_400_000]) {
      await expect(replay.claim('far', expiresAt)).rejects.toThrow(RangeError);
    }
    expect(await replay.claim('far', Date.now() + 364 * 86_400_000)).toBe(true);
  });

  it('rejects bad options with TypeError', () => {
    expect(() => new RedisReplayStore({ client: {} as never })).toThrow(/node-redis client/);
    expect(() => new RedisReplayStore({ client, prefix: 'a{b}:' })).toThrow(/prefix/);
    expect(() => new RedisReplayStore({ client, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new RedisReplayStore({ client, hashIds: 'yes' as never })).toThrow(/hashIds/);
    expect(() => new RedisReplayStore(null as never)).toThrow(TypeError);
  });

  it('shows no key in its string forms', () => {
    expect(inspect(store())).toMatch(/^RedisReplayStore \{ prefix: 't\d+:', timeoutMs: 30000 \}$/);
  });
});

describe('RedisReplayStore: fails closed', () => {
  it('rejects with StoreUnavailableError when Redis does not answer within timeoutMs, and recovers', async () => {
    const prefix = `outage${++run}:`;
    const quick = new RedisReplayStore({ client, prefix, timeoutMs: 200 });
    const replay = replayStoreFor(client, { prefix });
    expect(await replay.claim('before', Date.now() + 60_000)).toBe(true);
    redis.pause(); // connections stay open; nothing answers
    try {
      const error = await quick.claim('during', Date.now() + 60_000).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ operation: 'claim', message: /timeoutMs \(200 ms\)/ });
      for (const shown of [String(error), inspect(error)]) expect(shown).not.toContain('during');
    } finally {
      redis.resume();
    }
    expect(await replay.claim('before', Date.now() + 60_000)).toBe(false);
  });

  it('a claim that timed out but landed later is accepted once on retry by the same store, a replay for any other', async () => {
    const prefix = `late${++run}:`;
    const quick = new RedisReplayStore({ client, prefix, timeoutMs: 2_000 });
    const other = replayStoreFor(client, { prefix });
    const expiresAt = Date.now() + 60_000;
    // A first claim has the store check Redis's eviction policy: the timed-out command is a claim.
    // Only the claim under the paused Redis tests the 2 s; the others must pass, however loaded.
    expect(await whenAnswered(() => quick.claim('warm-up', expiresAt))).toBe(true);
    redis.pause();
    try {
      const error = await quick.claim('late', expiresAt).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
    } finally {
      redis.resume();
    }
    // The timed-out SET was already written: Redis runs it on resuming, before the retry.
    expect(await other.claim('late', expiresAt)).toBe(false);
    expect(await whenAnswered(() => quick.claim('late', expiresAt))).toBe(true);
    expect(await whenAnswered(() => quick.claim('late', expiresAt))).toBe(false);
    expect(await other.claim('late', expiresAt)).toBe(false);
  });

  it('of concurrent retries after a timed-out claim, exactly one is accepted', async () => {
    const quick = new RedisReplayStore({ client, prefix: `late${++run}:`, timeoutMs: 2_000 });
    const expiresAt = Date.now() + 60_000;
    expect(await whenAnswered(() => quick.claim('warm-up', expiresAt))).toBe(true);
    redis.pause();
    try {
      await expect(quick.claim('late', expiresAt)).rejects.toThrow(/timeoutMs/);
    } finally {
      redis.resume();
    }
    // A retry that times out keeps the token for the next: still exactly one accepted.
    const retries = await Promise.all(
      [1, 2, 3].map(() => whenAnswered(() => quick.claim('late', expiresAt))),
    );
    expect(retries.filter(Boolean)).toHaveLength(1);
  });
});
