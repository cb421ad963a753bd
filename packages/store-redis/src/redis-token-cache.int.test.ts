import { inspect } from 'node:util';
import {
  createDualSubjectToken,
  type DualSubjectToken,
  StoreUnavailableError,
  type TokenCacheKey,
} from '@dual-auth/core';
import { SingleFlightTokenCache } from '@dual-auth/session';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { heldIdp } from '../test/support/held-idp.js';
import { passRealTime } from '../test/support/real-time.js';
import { eventually, readyClient, redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisTokenCache, type RedisTokenCacheOptions } from './redis-token-cache.js';

const KEY_1 = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') };
const KEY_2 = { id: 'k2', key: new Uint8Array(32).fill(2) };
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.secret-signature-part';
// An index score (expiry, ms since epoch) no test outlives.
const FAR_FUTURE_MS = Date.UTC(2100, 0, 1);
const ACT_ASSERTION = 'eyJhbGciOiJSUzI1NiJ9.eyJhY3QiOnsic3ViIjoidSJ9fQ.assertion-signature';

let redis: LocalRedis;
let client: StoreRedisClient;
let run = 0;

function cache(options: Partial<RedisTokenCacheOptions> = {}): RedisTokenCache {
  return tokenCacheFor(client, { prefix: `c${++run}:`, encryptionKeys: [KEY_1], ...options });
}

function key(sub: string, parts: Partial<TokenCacheKey> = {}): TokenCacheKey {
  return {
    adapterId: 'kc|https://idp.example/token|agent',
    agentId: 'finance-agent',
    sub,
    scope: ['finance.read'],
    audience: 'https://api.example.com/finance',
    ...parts,
  };
}

function token(expiresIn = 300, issuedAt = Date.now()): DualSubjectToken {
  return createDualSubjectToken({
    accessToken: ACCESS_TOKEN,
    tokenType: 'Bearer',
    expiresIn,
    scope: 'finance.read',
    actAssertion: ACT_ASSERTION,
    issuedAt,
  });
}

/**
 * Two `SingleFlightTokenCache`s, each over its own Redis client and `RedisTokenCache` sharing one
 * prefix (two instances of an app), on one clock `time.ms` moves; the second client is closed after.
 */
async function withTwoInstances(
  name: string,
  body: (instances: {
    time: { ms: number };
    first: SingleFlightTokenCache;
    second: SingleFlightTokenCache;
  }) => Promise<void>,
): Promise<void> {
  const time = { ms: Date.now() };
  const clock = { now: () => time.ms };
  const prefix = `${name}${++run}:`;
  const other = await readyClient(redis.url);
  try {
    const store = (redisClient: StoreRedisClient) =>
      tokenCacheFor(redisClient, { prefix, encryptionKeys: [KEY_1], clock });
    const first = new SingleFlightTokenCache({ store: store(client), clock });
    const second = new SingleFlightTokenCache({ store: store(other), clock });
    await body({ time, first, second });
  } finally {
    await other.close();
  }
}

redisPerFile((started) => ({ redis, client } = started));

describe('RedisTokenCache: get and set', () => {
  it('gives back the token it was given, to another instance too', async () => {
    const prefix = `shared${++run}:`;
    const first = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    const other = await readyClient(redis.url);
    try {
      const second = tokenCacheFor(other, { prefix, encryptionKeys: [KEY_1] });
      const stored = token();
      await first.set(key('u-1'), stored);
      const read = await second.get(key('u-1'));
      expect(read).toMatchObject({
        accessToken: ACCESS_TOKEN,
        actAssertion: ACT_ASSERTION,
        tokenType: 'Bearer',
        expiresIn: 300,
        expiresAt: stored.expiresAt,
        scope: 'finance.read',
      });
      expect(JSON.stringify(read)).not.toContain(ACCESS_TOKEN);
      expect(await second.get(key('u-2'))).toBeUndefined();
      expect(await second.get(key('u-1', { scope: ['finance.write'] }))).toBeUndefined();
      expect(await second.get(key('u-1', { actDigest: 'other-act' }))).toBeUndefined();
      expect(
        await second.get(key('u-1', { scope: ['finance.read', 'finance.read'] })),
      ).toBeDefined();
    } finally {
      await other.close();
    }
  });

  it('keeps values unreadable without the key: no token, assertion or scope in Redis', async () => {
    const prefix = `plain${++run}:`;
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    await store.set(key('u-1', { actDigest: 'digest-of-alice@example.com' }), token());
    const keys = await client.keys(`${prefix}*`);
    const values = await Promise.all(
      keys.filter((k) => k.includes(':token:')).map((k) => client.get(k)),
    );
    expect(values).toHaveLength(1);
    const raw = `${keys.join(' ')} ${values.join(' ')}`;
    for (const secret of [ACCESS_TOKEN, ACT_ASSERTION, 'secret-signature', 'finance', 'Bearer']) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 12));
    }
    expect(raw).not.toMatch(/alice|example\.com|idp\.example/);
    expect(values[0]).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]+$/);
  });

  it('does not open a value moved under another human', async () => {
    const prefix = `moved${++run}:`;
    const logger = createRecordingLogger();
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1], logger });
    await store.set(key('alice'), token());
    await store.set(key('mallory'), token());
    const [aliceKey] = await client.keys(`${prefix}{alice}:token:*`);
    const [malloryKey] = await client.keys(`${prefix}{mallory}:token:*`);
    await client.set(malloryKey as string, (await client.get(aliceKey as string)) as string);
    expect(await store.get(key('mallory'))).toBeUndefined();
    expect(await store.get(key('alice'))).toBeDefined();
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        event: 'token_cache_unreadable',
        fields: { reason: 'unreadable' },
      }),
    );
  });

  it('rotates keys by id: the first seals, every listed one opens', async () => {
    const prefix = `rotate${++run}:`;
    const logger = createRecordingLogger();
    const old = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    const rotated = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2, KEY_1] });
    const dropped = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2], logger });
    await old.set(key('u-1'), token());
    expect((await rotated.get(key('u-1')))?.accessToken).toBe(ACCESS_TOKEN);
    expect(await dropped.get(key('u-1'))).toBeUndefined();
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        event: 'token_cache_unreadable',
        fields: { reason: 'unknown_key', key_id: 'k1' },
      }),
    );
    await rotated.set(key('u-2'), token());
    const [value] = await client.mGet(await client.keys(`${prefix}{u-2}:token:*`));
    expect(value).toMatch(/^v1\.k2\./);
    expect((await dropped.get(key('u-2')))?.accessToken).toBe(ACCESS_TOKEN);
  });

  it('keeps a token until its expiry minus the margin, and not at all when already that close', async () => {
    const now = Date.now();
    const prefix = `ttl${++run}:`;
    const store = tokenCacheFor(client, {
      prefix,
      encryptionKeys: [KEY_1],
      refreshMarginSeconds: 60,
      clock: { now: () => now },
    });
    await store.set(key('u-1'), token(3600, now));
    const [entry] = await client.keys(`${prefix}{u-1}:token:*`);
    const ttl = await client.pTTL(entry as string);
    expect(ttl).toBeGreaterThan(3_000_000);
    expect(ttl).toBeLessThanOrEqual(3_540_000);
    // 100 s tokens: the margin is at most a quarter of the lifetime, 25 s, so 75 s are kept.
    await store.set(key('u-2'), token(100, now));
    const [short] = await client.keys(`${prefix}{u-2}:token:*`);
    expect(await client.pTTL(short as string)).toBeLessThanOrEqual(75_000);
    await store.set(key('u-3'), token(300, now - 299_000));
    expect(await client.keys(`${prefix}{u-3}:*`)).toEqual([]);
  });

  it('never returns a token past its expiry, even when Redis still has it', async () => {
    let now = Date.now();
    const store = cache({ clock: { now: () => now }, refreshMarginSeconds: 0 });
    await store.set(key('u-1'), token(300, now));
    now += 300_000;
    expect(await store.get(key('u-1'))).toBeUndefined();
  });

  it('with hashIds keeps no IAM id in its keys', async () => {
    const prefix = `hashed${++run}:`;
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1], hashIds: true });
    await store.set(key('user-4711'), token());
    const keys = await client.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toMatch(/4711|finance-agent/);
    expect(await store.get(key('user-4711'))).toBeDefined();
    expect(await store.invalidate('user-4711')).toBe(1);
  });
});

describe('RedisTokenCache: invalidate', () => {
  it('forgets every token of one human, on every instance, and keeps the others', async () => {
    const prefix = `logout${++run}:`;
    const a = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    const b = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    await a.set(key('alice'), token());
    await a.set(key('alice', { scope: ['finance.write'] }), token());
    await b.set(key('alice', { agentId: 'other-agent' }), token());
    await b.set(key('bob'), token());
    expect(await b.invalidate('alice')).toBe(3);
    expect(await a.get(key('alice'))).toBeUndefined();
    expect(await a.get(key('alice', { agentId: 'other-agent' }))).toBeUndefined();
    expect(await a.get(key('bob'))).toBeDefined();
    expect(await a.invalidate('alice')).toBe(0);
    // What is left of the human is when they were invalidated (see the next test).
    expect(await client.keys(`${prefix}{alice}*`)).toEqual([`${prefix}{alice}:invalidated`]);
  });

  it('does not store, on any instance, a token issued at or before the last invalidate, nor within the clock tolerance after it', async () => {
    const prefix = `late${++run}:`;
    const time = { ms: Date.now() };
    const clock = { now: () => time.ms };
    // Session 34 (tokencache): real time passes a 1 s tolerance, for Redis too. The clock moved
    // 20 s ahead alone read as an instance running fast, whose lead is taken off issue times.
    const options = { prefix, encryptionKeys: [KEY_1], clock, clockToleranceSeconds: 1 };
    const a = tokenCacheFor(client, options);
    const b = tokenCacheFor(client, options);
    await a.invalidate('alice');
    // The record Redis holds (Redis's TIME less the tolerance when the script ran later than that).
    const invalidatedAtMs = Number(await client.get(`${prefix}{alice}:invalidated`));
    time.ms = invalidatedAtMs;
    await passRealTime(time, 1_100);
    // B's request began before A's invalidate (or within 1 s after it, on a clock ahead): its
    // answer arrives after it.
    for (const issuedAt of [invalidatedAtMs - 1, invalidatedAtMs, invalidatedAtMs + 1_000]) {
      await b.set(key('alice'), token(300, issuedAt));
      expect(await a.get(key('alice'))).toBeUndefined();
    }
    expect(await b.tokensOf('alice', key('alice').adapterId)).toEqual([]);
    // A later request is stored, as is another human's.
    await b.set(key('alice'), token(300, invalidatedAtMs + 1_001));
    await b.set(key('bob'), token(300, invalidatedAtMs - 1));
    expect(await a.get(key('alice'))).toBeDefined();
    expect(await a.get(key('bob'))).toBeDefined();
    // An earlier invalidate recorded afterwards (a clock behind) does not move the record back.
    time.ms = invalidatedAtMs - 60_000;
    await b.invalidate('alice');
    time.ms = Date.now();
    await b.set(key('alice'), token(300, invalidatedAtMs + 1_000));
    expect(await a.get(key('alice'))).toBeUndefined();
    const record = await client.get(`${prefix}{alice}:invalidated`);
    expect(Number(record)).toBeGreaterThanOrEqual(invalidatedAtMs);
    const ttlMs = await client.pTTL(`${prefix}{alice}:invalidated`);
    expect(ttlMs).toBeGreaterThan(86_000_000);
  });

  it('keeps the later logout: one recorded afterwards on a clock a minute behind does not move it back', async () => {
    const prefix = `later${++run}:`;
    const time = { ms: Date.now() };
    const store = tokenCacheFor(client, {
      prefix,
      encryptionKeys: [KEY_1],
      clock: { now: () => time.ms },
    });
    const invalidatedAtMs = time.ms;
    await store.invalidate('alice');
    // Within the 15 s tolerance of Redis's clock, which is the floor of a record written behind.
    time.ms = invalidatedAtMs - 60_000;
    await store.invalidate('alice');
    expect(await client.get(`${prefix}{alice}:invalidated`)).toBe(String(invalidatedAtMs));
  });

  it('clockToleranceSeconds: 0 stores a token issued just after the last invalidate', async () => {
    const store = cache({ clockToleranceSeconds: 0 });
    const now = Date.now();
    await store.invalidate('alice');
    await store.set(key('alice'), token(300, now + 1_000));
    expect(await store.get(key('alice'))).toBeDefined();
  });

  it('keeps one slot per human whatever the id holds: braces and a leading # are hashed', async () => {
    const store = cache();
    for (const sub of ['a}b', '{x}', '#y', '']) {
      await store.set(key(sub), token());
      expect(await store.get(key(sub))).toBeDefined();
      expect(await store.invalidate(sub)).toBe(1);
    }
  });
});

describe('RedisTokenCache: tokensOf', () => {
  const OTHER_ADAPTER = 'okta|https://other.example/token|agent';
  const tokenOf = (accessToken: string, expiresIn = 300, issuedAt = Date.now()) =>
    createDualSubjectToken({ accessToken, tokenType: 'Bearer', expiresIn, scope: 's', issuedAt });

  it("lists one human's unexpired tokens of one adapter, stored by any instance, opened", async () => {
    let now = Date.now();
    const prefix = `list${++run}:`;
    const options = { prefix, encryptionKeys: [KEY_1], clock: { now: () => now } };
    const a = tokenCacheFor(client, options);
    const b = tokenCacheFor(client, options);
    await a.set(key('alice'), tokenOf('alice-read'));
    await b.set(key('alice', { scope: ['finance.write'] }), tokenOf('alice-write'));
    // Issued at the store's `now`, not when this line runs: on a loaded machine the sets above
    // can take over a second, and the token would outlive the 61 s the clock moves below.
    await b.set(key('alice', { agentId: 'other-agent' }), tokenOf('alice-short', 60, now));
    await a.set(key('alice', { adapterId: OTHER_ADAPTER }), tokenOf('alice-other-idp'));
    await a.set(key('bob'), tokenOf('bob-read'));

    const listed = await b.tokensOf('alice', key('alice').adapterId);
    expect(listed.map((t) => t.accessToken).sort()).toEqual([
      'alice-read',
      'alice-short',
      'alice-write',
    ]);
    expect(inspect(listed)).not.toContain('alice-read');
    expect((await a.tokensOf('alice', OTHER_ADAPTER)).map((t) => t.accessToken)).toEqual([
      'alice-other-idp',
    ]);
    expect(await a.tokensOf('carol', key('carol').adapterId)).toEqual([]);
    // Redis keeps the 60 s token a while longer (its margin), but it is expired by then.
    now += 61_000;
    expect(
      (await a.tokensOf('alice', key('alice').adapterId)).map((t) => t.accessToken).sort(),
    ).toEqual(['alice-read', 'alice-write']);
    await a.invalidate('alice');
    expect(await b.tokensOf('alice', key('alice').adapterId)).toEqual([]);
  });

  it("never lists another human's entry, even one put into the human's index", async () => {
    const prefix = `foreign${++run}:`;
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    await store.set(key('bob'), tokenOf('bob-read'));
    const [bobEntry] = await client.keys(`${prefix}{bob}:token:*`);
    await client.zAdd(`${prefix}{alice}:tokens`, {
      score: FAR_FUTURE_MS,
      value: bobEntry as string,
    });
    expect(await store.tokensOf('alice', key('alice').adapterId)).toEqual([]);
  });

  it('skips an index member that is not a token entry, rather than failing', async () => {
    const prefix = `wrongtype${++run}:`;
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    await store.set(key('bob'), tokenOf('bob-read'));
    await client.hSet(`${prefix}{bob}:other`, 'field', 'value');
    await client.zAdd(`${prefix}{bob}:tokens`, {
      score: FAR_FUTURE_MS,
      value: `${prefix}{bob}:other`,
    });
    const listed = await store.tokensOf('bob', key('bob').adapterId);
    expect(listed.map((t) => t.accessToken)).toEqual(['bob-read']);
  });

  it("keeps the human's index to live entries: each store drops the expired ones", async () => {
    const prefix = `stale${++run}:`;
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    // Kept 1.5 s by Redis (2 s minus a quarter of its lifetime), one per act JWT digest.
    for (let i = 0; i < 50; i += 1) {
      await store.set(key('alice', { actDigest: `act-${i}` }), tokenOf(`short-${i}`, 2));
    }
    await store.set(key('alice', { actDigest: 'long' }), tokenOf('long'));
    await eventually(async () => (await client.keys(`${prefix}{alice}:token:*`)).length === 1);
    await store.set(key('alice', { actDigest: 'next' }), tokenOf('next'));
    expect(await client.zCard(`${prefix}{alice}:tokens`)).toBe(2);
    const listed = await store.tokensOf('alice', key('alice').adapterId);
    expect(listed.map((t) => t.accessToken).sort()).toEqual(['long', 'next']);
  });

  // Finding (carried since session 34): a listing read the first 1000 entries of a human only; the
  // rest were dropped by `invalidate` unrevoked and, under a key the cache lacks, uncounted.
  it('lists every entry of a human with more than one page of them (1000 a page)', async () => {
    const logger = createRecordingLogger();
    const store = cache({ logger });
    for (let i = 0; i < 1001; i += 1) {
      await store.set(key('busy', { scope: [`s${i}`] }), tokenOf(`t${i}`));
    }
    const listed = await store.tokensOf('busy', key('busy').adapterId);
    expect(new Set(listed.map((t) => t.accessToken)).size).toBe(1001);
    expect(logger.records.filter((r) => r.level === 'warn')).toEqual([]);
  }, 60_000);

  it('counts every entry it cannot open past the first page', async () => {
    const prefix = `paged${++run}:`;
    const webApp = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2] });
    for (let i = 0; i < 1001; i += 1) {
      await webApp.set(key('busy', { scope: [`s${i}`] }), tokenOf(`t${i}`));
    }
    const agents = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    const told: number[] = [];
    const listed = await agents.tokensOf('busy', key('busy').adapterId, {
      unreadable: (count) => told.push(count),
    });
    expect(listed).toEqual([]);
    expect(told).toEqual([1001]);
  }, 60_000);

  // Finding (carried since session 37): `invalidate` by a cache under another key (a web app that
  // rotated its key, or shares the Redis with the agents) deleted the entries it could not open,
  // so the cache with the right key could no longer list them to revoke them at the IdP.
  it("sets aside what it cannot open: never served again, still listed by a cache with the key, dropped by that one's invalidate", async () => {
    const prefix = `aside${++run}:`;
    const agents = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    const webApp = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2] });
    await agents.set(key('alice'), tokenOf('alice-k1'));
    await webApp.set(key('alice', { scope: ['x'] }), tokenOf('alice-k2'));
    expect(await webApp.invalidate('alice')).toBe(2);
    // The logout holds for every instance: nothing of alice is served.
    expect(await agents.get(key('alice'))).toBeUndefined();
    expect(await webApp.get(key('alice', { scope: ['x'] }))).toBeUndefined();
    const told: number[] = [];
    const unreadable = (count: number) => told.push(count);
    expect(await webApp.tokensOf('alice', key('alice').adapterId, { unreadable })).toEqual([]);
    // A second invalidate under the web app's key finds nothing more in service.
    expect(await webApp.invalidate('alice')).toBe(0);
    const listed = await agents.tokensOf('alice', key('alice').adapterId, { unreadable });
    expect(listed.map((t) => t.accessToken)).toEqual(['alice-k1']);
    expect(told).toEqual([1, 0]);
    expect(await agents.invalidate('alice')).toBe(1);
    expect(await agents.tokensOf('alice', key('alice').adapterId)).toEqual([]);
    expect(await client.keys(`${prefix}{alice}:token:*`)).toEqual([]);
  });

  it('sets aside a token stored again under the same entry without losing the first one', async () => {
    const prefix = `aside${++run}:`;
    const time = { ms: Date.now() };
    const options = { prefix, clockToleranceSeconds: 0, clock: { now: () => time.ms } };
    const agents = tokenCacheFor(client, { ...options, encryptionKeys: [KEY_1] });
    const webApp = tokenCacheFor(client, { ...options, encryptionKeys: [KEY_2] });
    await agents.set(key('alice'), tokenOf('first', 300, time.ms));
    await webApp.invalidate('alice');
    // Requested after the logout (recorded no earlier than Redis's TIME then), as the same entry.
    time.ms = Date.now();
    await passRealTime(time, 5);
    await agents.set(key('alice'), tokenOf('second', 300, time.ms));
    await webApp.invalidate('alice');
    const listed = await agents.tokensOf('alice', key('alice').adapterId);
    expect(listed.map((t) => t.accessToken).sort()).toEqual(['first', 'second']);
  });

  it('leaves out what it cannot open and warns, like get', async () => {
    const logger = createRecordingLogger();
    const prefix = `rotated${++run}:`;
    const old = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    await old.set(key('alice'), tokenOf('under-k1'));
    const rotated = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2], logger });
    await rotated.set(key('alice', { scope: ['x'] }), tokenOf('under-k2'));
    const listed = await rotated.tokensOf('alice', key('alice').adapterId);
    expect(listed.map((t) => t.accessToken)).toEqual(['under-k2']);
    expect(logger.records).toContainEqual({
      level: 'warn',
      event: 'token_cache_unreadable',
      fields: { reason: 'unknown_key', key_id: 'k1' },
    });
  });

  it("tells options.unreadable how many of the human's entries did not open, any adapter's; 0 once its keys open them", async () => {
    const prefix = `counted${++run}:`;
    const agents = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_1] });
    await agents.set(key('alice'), tokenOf('alice-k1'));
    await agents.set(key('alice', { adapterId: OTHER_ADAPTER }), tokenOf('alice-other-idp-k1'));
    await agents.set(key('bob'), tokenOf('bob-k1'));
    const webApp = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2] });
    await webApp.set(key('alice', { scope: ['x'] }), tokenOf('alice-k2'));
    const told: number[] = [];
    const unreadable = (count: number) => told.push(count);

    const listed = await webApp.tokensOf('alice', key('alice').adapterId, { unreadable });
    expect(listed.map((t) => t.accessToken)).toEqual(['alice-k2']);
    expect(told).toEqual([2]);
    const withBoth = tokenCacheFor(client, { prefix, encryptionKeys: [KEY_2, KEY_1] });
    const all = await withBoth.tokensOf('alice', key('alice').adapterId, { unreadable });
    expect(all.map((t) => t.accessToken).sort()).toEqual(['alice-k1', 'alice-k2']);
    expect(told).toEqual([2, 0]);
    await expect(
      webApp.tokensOf('alice', key('alice').adapterId, { unreadable: 2 as never }),
    ).rejects.toThrow(new TypeError('options.unreadable must be a function, got number'));
  });
});

describe('RedisTokenCache: lock', () => {
  it('lets one holder at a time through; the next gets it once the first releases', async () => {
    const store = cache();
    const first = await store.lock(key('u-1'));
    let secondHeld = false;
    const second = store.lock(key('u-1')).then((lock) => {
      secondHeld = true;
      return lock;
    });
    const other = await store.lock(key('u-2'));
    await other.release();
    expect(secondHeld).toBe(false);
    await first.release();
    await (await second).release();
    expect(secondHeld).toBe(true);
  });

  it('gives up after lockWaitMs with StoreUnavailableError, and stops at once on abort', async () => {
    const store = cache({ lockWaitMs: 200 });
    const held = await store.lock(key('u-1'));
    const error = await store.lock(key('u-1')).catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'lock', message: /lockWaitMs \(200 ms\)/ });
    const controller = new AbortController();
    const waiting = store.lock(key('u-1'), { signal: controller.signal });
    controller.abort(new Error('caller left'));
    await expect(waiting).rejects.toThrow('caller left');
    await held.release();
  });

  it('expires a lock whose holder never releases it, and a late release frees nobody else', async () => {
    const prefix = `crash${++run}:`;
    const shared = { prefix, encryptionKeys: [KEY_1] };
    const crashed = await tokenCacheFor(client, { ...shared, lockTtlMs: 50 }).lock(key('u-1'));
    const next = await tokenCacheFor(client, { ...shared, lockTtlMs: 600_000 }).lock(key('u-1'));
    await crashed.release();
    const probe = tokenCacheFor(client, { ...shared, lockWaitMs: 200 });
    await expect(probe.lock(key('u-1'))).rejects.toMatchObject({ operation: 'lock' });
    await next.release();
    await (await probe.lock(key('u-1'))).release();
  });
});

describe('RedisTokenCache: wrong input', () => {
  it('rejects bad options with TypeError naming the option, never showing a key', () => {
    const bad = (options: Partial<RedisTokenCacheOptions>) => () =>
      new RedisTokenCache({ client, encryptionKeys: [KEY_1], ...options });
    expect(bad({ encryptionKeys: [] })).toThrow(/at least one/);
    expect(bad({ encryptionKeys: [{ id: 'a.b', key: KEY_1.key }] })).toThrow(/id must be/);
    expect(bad({ encryptionKeys: [KEY_1, KEY_1] })).toThrow(/listed twice/);
    expect(bad({ encryptionKeys: [{ id: 'k', key: 'c2hvcnQ=' }] })).toThrow(/16, 24 or 32 bytes/);
    expect(bad({ encryptionKeys: [{ id: 'k', key: new Uint8Array(31) }] })).toThrow(/32 bytes/);
    expect(bad({ refreshMarginSeconds: -1 })).toThrow(/refreshMarginSeconds/);
    expect(bad({ lockTtlMs: 0 })).toThrow(/lockTtlMs/);
    expect(bad({ lockWaitMs: Number.NaN })).toThrow(/lockWaitMs/);
    expect(bad({ logger: {} as never })).toThrow(/logger/);
    try {
      bad({ encryptionKeys: [{ id: 'k', key: 'c2VjcmV0LWtleS10ZXh0' }] })();
    } catch (error) {
      expect(String(error)).not.toContain('c2VjcmV0LWtleS10ZXh0');
    }
  });

  it('accepts an AES-GCM CryptoKey, and refuses one it cannot encrypt with', async () => {
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    const store = cache({ encryptionKeys: [{ id: 'ck', key: aes }] });
    await store.set(key('u-1'), token());
    expect((await store.get(key('u-1')))?.accessToken).toBe(ACCESS_TOKEN);
    const decryptOnly = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'decrypt',
    ]);
    expect(() => cache({ encryptionKeys: [{ id: 'ck', key: decryptOnly }] })).toThrow(/AES-GCM/);
  });

  it('shows key ids, never key material, in its string forms', () => {
    const shown = inspect(cache({ encryptionKeys: [KEY_2, KEY_1] }));
    expect(shown).toMatch(/keyIds: \['k2', 'k1'\]/);
    expect(shown).not.toContain(KEY_1.key);
  });
});

describe('RedisTokenCache under SingleFlightTokenCache: a paused Redis', () => {
  it('costs one store wait, not one per operation: get fails, then no lock and no set', async () => {
    const logger = createRecordingLogger();
    const single = new SingleFlightTokenCache({ store: cache({ timeoutMs: 2_000 }), logger });
    const fresh = token();
    redis.pause();
    let got: DualSubjectToken;
    try {
      got = await single.getOrRequest(key('u-paused'), async () => fresh);
    } finally {
      redis.resume();
    }
    expect(got).toBe(fresh);
    expect(
      logger.records.filter((r) => r.event === 'token_cache_error').map((r) => r.fields),
    ).toEqual([{ operation: 'get', error_type: 'StoreUnavailableError' }]);
  });
});

describe('RedisTokenCache under SingleFlightTokenCache: a delegation cut-off on another instance', () => {
  it('does not serve a token whose request began before the cut-off, though received after it; its lifetime counts from the start', async () => {
    await withTwoInstances('cutstart', async ({ time, first, second }) => {
      // An opaque token: only the time its request started tells that it may predate the cut-off.
      const { idp, calls, answer } = heldIdp(time);
      const startedAtMs = time.ms;
      const requested = first.getOrRequest(key('u-cutstart'), idp);
      await eventually(async () => calls() === 1);
      const cutoffMs = time.ms + 500;
      time.ms += 60_000;
      answer();
      const stored = await requested;
      expect(stored.expiresAt).toBe(startedAtMs + 3600 * 1000);
      // Without a cut-off the other instance is served the stored token, read back from Redis…
      expect((await second.getOrRequest(key('u-cutstart'), idp)).accessToken).toBe('opaque-1');
      // …with one, it asks anew.
      const served = await second.getOrRequest(key('u-cutstart'), idp, {
        notIssuedAtOrBeforeMs: cutoffMs,
      });
      expect(served.accessToken).toBe('opaque-2');
      expect(calls()).toBe(2);
    });
  });
});

describe('RedisTokenCache under SingleFlightTokenCache: a token capped by its act assertion (Entra) after a cut-off', () => {
  it("serves another instance, from Redis, a capped token whose request began after the human's cut-off; one from before the cut-off is refused", async () => {
    await withTwoInstances('capped', async ({ time, first, second }) => {
      let calls = 0;
      // Entra's: an hour's token capped by the 300 s act assertion sent with it.
      const idp = async () => {
        calls += 1;
        return createDualSubjectToken({
          accessToken: `opaque-${calls}`,
          tokenType: 'Bearer',
          expiresIn: 3599,
          scope: 'finance.read',
          actAssertion: ACT_ASSERTION,
          issuedAt: time.ms,
          notAfter: time.ms + 300_000,
        });
      };
      const beforeCutoff = await first.getOrRequest(key('u-capped'), idp);
      time.ms += 10_000;
      const cutoff = { notIssuedAtOrBeforeMs: time.ms };
      time.ms += 10_000;

      const renewed = await first.getOrRequest(key('u-capped'), idp, cutoff);
      expect(renewed.accessToken).not.toBe(beforeCutoff.accessToken);
      expect(calls).toBe(2);
      time.ms += 10_000;
      const served = await second.getOrRequest(key('u-capped'), idp, cutoff);
      expect(served.accessToken).toBe(renewed.accessToken);
      expect(served.issuedAt).toBe(renewed.issuedAt);
      expect(calls).toBe(2);
    });
  });

  it('judges a value an earlier version stored, without the issue time, as that version did: a capped token is refused after the cut-off and asked for again', async () => {
    let nowMs = Date.now();
    const clock = { now: () => nowMs };
    const redisStore = cache({ clock });
    const single = new SingleFlightTokenCache({ store: redisStore, clock });
    const cutoffMs = nowMs - 60_000;
    // What an earlier version sealed: the v1 fields, no issuedAt.
    const earlier: DualSubjectToken = {
      accessToken: 'opaque-earlier',
      tokenType: 'Bearer',
      expiresIn: 3599,
      expiresAt: nowMs + 300_000,
      scope: 'finance.read',
      actAssertion: ACT_ASSERTION,
    };
    await redisStore.set(key('u-earlier'), earlier);
    nowMs += 1_000;
    const read = await redisStore.get(key('u-earlier'));
    expect(read).toMatchObject({ accessToken: 'opaque-earlier', expiresAt: earlier.expiresAt });
    expect(read?.issuedAt).toBe(earlier.expiresAt - 3599 * 1000);
    let calls = 0;
    const idp = async () => {
      calls += 1;
      return createDualSubjectToken({ ...earlier, accessToken: 'opaque-new', issuedAt: nowMs });
    };
    const served = await single.getOrRequest(key('u-earlier'), idp, {
      notIssuedAtOrBeforeMs: cutoffMs,
    });
    expect(served.accessToken).toBe('opaque-new');
    expect(calls).toBe(1);
  });

  it('does not open a value whose issue time is not a finite number', async () => {
    const logger = createRecordingLogger();
    const redisStore = cache({ logger });
    const odd = {
      ...token(),
      issuedAt: Number.NaN,
      accessToken: ACCESS_TOKEN,
      scope: 'finance.read',
    };
    await redisStore.set(key('u-nan'), odd);
    expect(await redisStore.get(key('u-nan'))).toBeUndefined();
    expect(logger.records.map((r) => r.event)).toContain('token_cache_unreadable');
  });
});
