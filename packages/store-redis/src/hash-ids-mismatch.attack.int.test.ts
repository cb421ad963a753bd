import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { ConfigurationError, createDualSubjectToken, type Logger } from '@dual-auth/core';
import { agentHasRole, createDualAuthGuard } from '@dual-auth/resource';
import { SingleFlightTokenCache } from '@dual-auth/session';
import type { LocalRedis } from '@dual-auth/testing';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyClient, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor, tokenCacheFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// What held (a fleet split on hashIds): during a rolling deploy that changed `hashIds`, a `jti`
// claimed by a process with `hashIds: false` was filed under another key than the one a process
// with `hashIds: true` looks up, so the second accepted the replay; a cut-off written by one half
// was not read by the other (an ended delegation kept working). Nothing detected it. Each store
// now records the key layout under its prefix at first use and refuses every operation under
// another one.

let redis: LocalRedis;
let client: StoreRedisClient;
// A second process: a client of its own.
let other: StoreRedisClient;
let run = 0;
redisPerFile((started) => ({ redis, client } = started));
beforeAll(async () => {
  other = await readyClient(redis.url);
});
afterAll(() => other?.close());

const KEY = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') };
const exp = () => Date.now() + 60_000;

async function refusal(operation: Promise<unknown>): Promise<ConfigurationError> {
  const error = await operation.then(
    (value) => ({ resolved: value }),
    (e: unknown) => e,
  );
  expect(ConfigurationError.isInstance(error), `refused, got ${JSON.stringify(error)}`).toBe(true);
  return error as ConfigurationError;
}

describe('held: a fleet split on hashIds', () => {
  it('refuses the replay of a jti claimed by the other half, saying what differs and what to do', async () => {
    const prefix = `split${++run}:`;
    const old = replayStoreFor(client, { prefix, hashIds: false });
    const next = replayStoreFor(other, { prefix, hashIds: true });
    expect(await old.claim('jti-secret-1', exp())).toBe(true);
    const error = await refusal(next.claim('jti-secret-1', exp()));
    expect(error.variable).toBe('hashIds');
    expect(error.message).toContain(`prefix '${prefix}'`);
    expect(error.message).toMatch(/hashIds: false .*this store has hashIds: true/s);
    expect(error.message).toMatch(/the same hashIds, or give this setting a new prefix/);
    expect(error.message).not.toContain('jti-secret-1');
    // Every claim, partitioned or bound, first use or not.
    await refusal(next.claim('fresh', exp(), { partition: 'agent' }));
    await refusal(next.claim('fresh', exp(), { binding: 'digest' }));
    // The half that set the layout goes on.
    expect(await old.claim('jti-secret-1', exp())).toBe(false);
    expect(await old.claim('jti-secret-2', exp())).toBe(true);
  });

  it('refuses to read a cut-off the other half may have written, and to write one it would not read', async () => {
    const prefix = `split${++run}:`;
    const old = cutoffStoreFor(client, { prefix, hashIds: true });
    const next = cutoffStoreFor(other, { prefix, hashIds: false });
    await old.endDelegation('u-1', Date.now(), 60_000);
    const read = await refusal(next.cutoffOf('u-1'));
    expect(read.message).toMatch(/hashIds: true .*this store has hashIds: false/s);
    const write = await refusal(next.endDelegation('u-2', Date.now(), 60_000));
    expect(write.message).toMatch(/^The delegation cut-off was NOT recorded/);
    expect(write.message).toContain('hashIds');
    expect(await old.cutoffOf('u-1')).toBeGreaterThan(0);
  });

  it('an API guard of the other half does not admit a token of a delegation the first half ended', async () => {
    const prefix = `split${++run}:`;
    const issuer = 'https://kc.example.test/realms/agbac';
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      azp: 'finance-agent',
      typ: 'Bearer',
      preferred_username: 'service-account-finance-agent',
      realm_access: { roles: ['FinanceAgent'] },
      act: { sub: 'u-1' },
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer(issuer)
      .setAudience('finance-api')
      .setSubject('service-account')
      .setIssuedAt(now - 10)
      .setExpirationTime(now + 600)
      .setJti('at-1')
      .sign(privateKey);
    // The half that ended the delegation (the sign-out page) …
    const old = cutoffStoreFor(client, { prefix, hashIds: false });
    await old.endDelegation('u-1', Date.now(), 600_000);
    // … and an API instance of the other half.
    const guard = createDualAuthGuard({
      profile: keycloakTokenProfile,
      issuer,
      audience: 'finance-api',
      keys: publicKey,
      cutoffStore: cutoffStoreFor(other, { prefix, hashIds: true }),
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: () => true,
    });
    const answer = await guard.check({
      authorization: `Bearer ${token}`,
      actAssertion: undefined,
      method: 'GET',
      route: '/accounts/42',
    });
    expect(answer).toMatchObject({ decision: 'DENY', status: 503 });
    expect(answer.audit.reason).toBe('access_token.cutoff_store_unavailable');
  });

  it('refuses every operation of a token cache of the other half', async () => {
    const prefix = `split${++run}:`;
    const replay = replayStoreFor(client, { prefix });
    await replay.claim('j', exp());
    const cache = tokenCacheFor(other, { prefix, hashIds: true, encryptionKeys: [KEY] });
    const key = { adapterId: 'a', agentId: 'agent', sub: 'u-1', scope: ['s'], audience: 'api' };
    const token = {
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 300,
      expiresAt: Date.now() + 300_000,
      scope: ['s'],
    } as never;
    await refusal(cache.get(key));
    await refusal(cache.set(key, token));
    await refusal(cache.invalidate('u-1'));
    await refusal(cache.tokensOf('u-1', 'a'));
    await refusal(cache.lock(key));
    expect(await client.keys(`${prefix}{*`)).toEqual([]);
  });

  it('under SingleFlightTokenCache, a refused token cache is a miss: the IdP is asked, nothing is kept where the other half could not invalidate it', async () => {
    const prefix = `split${++run}:`;
    const key = { adapterId: 'a', agentId: 'agent', sub: 'u-1', scope: ['s'], audience: 'api' };
    const old = tokenCacheFor(client, { prefix, encryptionKeys: [KEY] });
    expect(await old.get(key)).toBeUndefined();
    const warned: [string, unknown][] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (event: string, fields: unknown) => warned.push([event, fields]),
      error: (event: string, fields: unknown) => warned.push([event, fields]),
    } as unknown as Logger;
    const refused = tokenCacheFor(other, { prefix, hashIds: true, encryptionKeys: [KEY], logger });
    const single = new SingleFlightTokenCache({ store: refused, logger });
    let requests = 0;
    const idp = async () => {
      requests += 1;
      return createDualSubjectToken({
        accessToken: `opaque-${requests}`,
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 's',
        issuedAt: Date.now(),
      });
    };
    expect((await single.getOrRequest(key, idp)).accessToken).toBe('opaque-1');
    expect((await single.getOrRequest(key, idp)).accessToken).toBe('opaque-2');
    expect(await client.keys(`${prefix}{*`)).toEqual([]);
    expect(warned).toContainEqual([
      'token_cache_error',
      expect.objectContaining({ error_type: 'ConfigurationError' }),
    ]);
    expect(warned.filter(([event]) => event === 'redis_key_layout_refused')).toEqual([
      [
        'redis_key_layout_refused',
        {
          store: 'RedisTokenCache',
          hash_ids: true,
          recorded_hash_ids: false,
          recorded_layout: 1,
        },
      ],
    ]);
  });

  it('lets exactly one half set the layout when both start at once', async () => {
    for (let round = 0; round < 5; round += 1) {
      const prefix = `race${++run}:`;
      const stores = Array.from({ length: 8 }, (_, i) =>
        replayStoreFor(i % 2 === 0 ? client : other, { prefix, hashIds: i % 2 === 0 }),
      );
      const outcomes = await Promise.allSettled(stores.map((s, i) => s.claim(`j${i}`, exp())));
      const won = outcomes.map((o) => o.status === 'fulfilled');
      // The four of one setting all pass, the four of the other are all refused.
      expect(won.filter(Boolean)).toHaveLength(4);
      expect(new Set(won.filter((_, i) => i % 2 === 0))).toHaveProperty('size', 1);
      expect(won[0]).not.toBe(won[1]);
    }
  });

  it('agrees with a layout of the same hashIds: several stores, processes and kinds', async () => {
    const prefix = `same${++run}:`;
    for (const hashIds of [true]) {
      const a = replayStoreFor(client, { prefix, hashIds });
      const b = replayStoreFor(other, { prefix, hashIds });
      const cutoffs = cutoffStoreFor(other, { prefix, hashIds });
      const cache = tokenCacheFor(client, { prefix, hashIds, encryptionKeys: [KEY] });
      expect(await a.claim('j', exp())).toBe(true);
      expect(await b.claim('j', exp())).toBe(false);
      await cutoffs.endDelegation('u-1', Date.now(), 60_000);
      expect(await cutoffs.cutoffOf('u-1')).toBeGreaterThan(0);
      expect(await cache.invalidate('u-1')).toBe(0);
    }
    // The default is hashIds: false, under its own prefix.
    const plain = `plain${++run}:`;
    expect(await replayStoreFor(client, { prefix: plain }).claim('j', exp())).toBe(true);
    const explicit = replayStoreFor(other, { prefix: plain, hashIds: false });
    expect(await explicit.claim('j', exp())).toBe(false);
  });

  it('re-checks after policyCheckIntervalMs: a Redis flushed under the fleet, then set by the other half, is noticed', async () => {
    const prefix = `flush${++run}:`;
    let now = Date.now();
    const clock = { now: () => now };
    const old = replayStoreFor(client, { prefix, clock, policyCheckIntervalMs: 60_000 });
    expect(await old.claim('j1', now + 60_000)).toBe(true);
    // Everything gone (FLUSHDB, a restart without persistence); a process of the other setting
    // comes first and sets its layout.
    for (const key of await client.keys(`${prefix}*`)) await client.del(key);
    const next = replayStoreFor(other, { prefix, hashIds: true });
    expect(await next.claim('j2', Date.now() + 60_000)).toBe(true);
    // Within the interval the old half trusts what it checked (no round trip per claim) …
    expect(await old.claim('j3', now + 60_000)).toBe(true);
    // … and refuses from the first claim after it.
    now += 60_000;
    await refusal(old.claim('j4', now + 60_000));
  });

  it('a refused process does not record its layout when the record is gone: after a flush the fleet sets it again, not the stray', async () => {
    const prefix = `stray${++run}:`;
    let now = Date.now();
    const clock = { now: () => now };
    const fleet = replayStoreFor(client, { prefix, clock, policyCheckIntervalMs: 60_000 });
    expect(await fleet.claim('j1', now + 60_000)).toBe(true);
    // One process with the other setting: refused at every operation, so it asks most often.
    const stray = replayStoreFor(other, { prefix, hashIds: true });
    await refusal(stray.claim('j2', exp()));
    // Everything gone (FLUSHDB, a restart without persistence): the stray asks first.
    for (const key of await client.keys(`${prefix}*`)) await client.del(key);
    const gone = await refusal(stray.claim('j3', exp()));
    expect(gone.variable).toBe('hashIds');
    expect(gone.message).toMatch(/record .* is gone/);
    expect(gone.message).toMatch(/restart/);
    expect(await client.get(`${prefix}key-layout`)).toBeNull();
    // The fleet's next check records its own layout and goes on; the stray stays refused.
    now += 60_000;
    expect(await fleet.claim('j4', now + 60_000)).toBe(true);
    expect(await client.get(`${prefix}key-layout`)).toBe('layout=1 hashIds=false');
    const again = await refusal(stray.claim('j5', exp()));
    expect(again.message).toMatch(/hashIds: false .*this store has hashIds: true/s);
  });

  it('changes hashIds under one prefix as the README says: the old half stopped, the new layout recorded by hand, the refused half goes on without a restart', async () => {
    const prefix = `change${++run}:`;
    const old = replayStoreFor(client, { prefix });
    expect(await old.claim('j1', exp())).toBe(true);
    const next = replayStoreFor(other, { prefix, hashIds: true });
    await refusal(next.claim('j2', exp()));
    // A DEL alone leaves it refused (it records nothing once refused) …
    await client.del(`${prefix}key-layout`);
    await refusal(next.claim('j2', exp()));
    // … the record set to its layout heals it.
    await client.set(`${prefix}key-layout`, 'layout=1 hashIds=true');
    expect(await next.claim('j2', exp())).toBe(true);
    expect(await next.claim('j2', exp())).toBe(false);
  });

  it('re-checks at once after the client reconnected: a Redis restarted empty, then set by the other half, is noticed', async () => {
    const own = await readyClient(redis.url);
    try {
      const prefix = `restart${++run}:`;
      const startedMs = Date.now();
      const clock = { now: () => startedMs };
      const old = replayStoreFor(own, { prefix, clock });
      expect(await old.claim('j1', startedMs + 60_000)).toBe(true);
      for (const key of await client.keys(`${prefix}*`)) await client.del(key);
      const next = replayStoreFor(client, { prefix, hashIds: true });
      expect(await next.claim('j1', Date.now() + 60_000)).toBe(true);
      // Not events.once: it rejects on the 'error' the dropped connection emits first.
      const ready = new Promise((resolve) => own.once('ready', resolve));
      // Drops every other connection, the old store's among them; its client reconnects.
      await client.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      await ready;
      // Its clock has not moved: the reconnect alone makes it ask again.
      await refusal(old.claim('j1', startedMs + 60_000));
    } finally {
      await own.close();
    }
  });

  it('writes the layout again when it is gone, with no expiry', async () => {
    const prefix = `gone${++run}:`;
    let now = Date.now();
    const clock = { now: () => now };
    const store = replayStoreFor(client, { prefix, clock, policyCheckIntervalMs: 1_000 });
    await store.claim('j1', now + 60_000);
    expect(await client.get(`${prefix}key-layout`)).toBe('layout=1 hashIds=false');
    expect(await client.pTTL(`${prefix}key-layout`)).toBe(-1);
    await client.del(`${prefix}key-layout`);
    now += 1_000;
    await store.claim('j2', now + 60_000);
    expect(await client.get(`${prefix}key-layout`)).toBe('layout=1 hashIds=false');
  });

  it('refuses a layout key that holds something else, and heals once it is deleted', async () => {
    const prefix = `odd${++run}:`;
    await client.set(`${prefix}key-layout`, 'written by another program');
    const store = replayStoreFor(client, { prefix });
    const error = await refusal(store.claim('j', exp()));
    expect(error.message).toMatch(/holds something else than a key layout/);
    expect(error.message).not.toContain('written by another program');
    // Not cached: a refusing store asks again at its next operation.
    await client.del(`${prefix}key-layout`);
    expect(await store.claim('j', exp())).toBe(true);
  });
});
