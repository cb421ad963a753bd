import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { FAR_CLOCK_ALLOWANCE_MS, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (session 19 break, brk19b): a partition's share of long claims forgets its earliest
// entries and deletes their keys; a replay of one is refused only while it is itself "long"
// (expiring more than an hour after the claiming instance's now). Once less than an hour of it
// is left, its replay skipped the share and Redis, whose key had been deleted, took it as a first
// use: a DPoP proof dated by a day-long nonce was accepted twice in its last hour.
// Session 20: the share then refused every claim of the partition expiring before what it forgot
// (a day of 503s for an agent's nonce-dated proofs at instances with dpop.nonce), and took a
// forgotten claim's replay that asks for a later expiry (the same proof at an instance that keeps
// it longer). The share now recognises the forgotten claims themselves (a filter of their keys).

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

describe('attack: replay of a long claim a full share forgot, in its last hour', () => {
  it('is still refused, bound or not, on the instance that forgot it and on another', async () => {
    const prefix = `forgotten-${crypto.randomUUID()}:`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const options = {
      prefix,
      clock,
      maxLongClaimsPerPartition: 2,
      maxClockSkewMs: FAR_CLOCK_ALLOWANCE_MS,
    };
    const store = replayStoreFor(client, options);
    const other = replayStoreFor(client, options);
    const at = clock.ms + DAY_MS;
    // The first of each kind is forgotten (its key deleted) to make room for the third.
    for (const jti of ['a', 'b', 'c']) {
      expect(await store.claim(jti, at + 1, { partition: 'p' })).toBe(true);
      expect(await store.claim(`${jti}-bound`, at, { partition: 'q', binding: 'x' })).toBe(true);
    }
    await expect(store.claim('a', at + 1, { partition: 'p' })).rejects.toMatchObject({
      name: 'ReplayStoreFullError',
    });
    // 23 h 30 min later, half an hour before they expire.
    clock.ms = at - HOUR_MS / 2;
    for (const replaying of [store, other]) {
      await expect(replaying.claim('a', at + 1, { partition: 'p' })).rejects.toMatchObject({
        name: 'ReplayStoreFullError',
      });
      await expect(
        replaying.claim('a-bound', at, { partition: 'q', binding: 'y' }),
      ).rejects.toMatchObject({ name: 'ReplayStoreFullError' });
    }
    // What the share never forgot is a replay as before; fresh claims are taken.
    expect(await other.claim('c', at + 1, { partition: 'p' })).toBe(false);
    expect(await other.claim('fresh', at + 60_000, { partition: 'p' })).toBe(true);
  });

  it('is refused when it asks for a later expiry than anything forgotten', async () => {
    const prefix = `forgotten-later-${crypto.randomUUID()}:`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const store = replayStoreFor(client, {
      prefix,
      clock,
      maxLongClaimsPerPartition: 1,
      maxClockSkewMs: FAR_CLOCK_ALLOWANCE_MS,
    });
    // A proof kept two hours at one instance, forgotten when the next one is filed.
    expect(await store.claim('proof', clock.ms + 2 * HOUR_MS, { partition: 'p' })).toBe(true);
    expect(await store.claim('next', clock.ms + 3 * HOUR_MS, { partition: 'p' })).toBe(true);
    // Replayed at an instance that keeps it a day (without dpop.nonce): failed before (taken).
    await expect(store.claim('proof', clock.ms + DAY_MS, { partition: 'p' })).rejects.toMatchObject(
      { name: 'ReplayStoreFullError' },
    );
  });

  it('leaves fresh claims of the partition alone, short or long: no day of refusals', async () => {
    const prefix = `forgotten-fresh-${crypto.randomUUID()}:`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const store = replayStoreFor(client, {
      prefix,
      clock,
      maxLongClaimsPerPartition: 10,
      maxClockSkewMs: FAR_CLOCK_ALLOWANCE_MS,
    });
    // A busy agent's day-long claims (proofs with a nonce at instances without dpop.nonce): 200,
    // so its share forgot the 190 expiring first.
    const dayLong = (i: number) => clock.ms + DAY_MS + i;
    for (let i = 0; i < 200; i += 1) {
      expect(await store.claim(`day-${i}`, dayLong(i), { partition: 'p' })).toBe(true);
    }
    // Its nonce-dated proofs at instances with dpop.nonce (315 s), a minute later and an hour
    // later: every one taken (failed before: refused, as expiring before what was forgotten).
    for (const later of [60_000, HOUR_MS]) {
      clock.ms += later;
      for (let i = 0; i < 200; i += 1) {
        const jti = `nonce-${later}-${i}`;
        expect(await store.claim(jti, clock.ms + 315_000, { partition: 'p' })).toBe(true);
        expect(await store.claim(jti, clock.ms + 315_000, { partition: 'p' })).toBe(false);
      }
    }
    // Every forgotten one is still refused, at any expiry; the ten kept are replays.
    let refused = 0;
    for (let i = 0; i < 200; i += 1) {
      const replay = store.claim(`day-${i}`, clock.ms + 315_000, { partition: 'p' });
      if (i >= 190) expect(await replay).toBe(false);
      else
        refused += await replay.then(
          () => 0,
          () => 1,
        );
    }
    expect(refused).toBe(190);
  });

  it("honours an earlier version's record of what it forgot, and keeps one for it", async () => {
    const prefix = `forgotten-mixed-${crypto.randomUUID()}:`;
    const recordOf = (partition: string) =>
      `${prefix}{replay-share:${createHash('sha256').update(partition).digest('base64url')}}:forgotten-until`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const store = replayStoreFor(client, {
      prefix,
      clock,
      maxLongClaimsPerPartition: 1,
      maxClockSkewMs: FAR_CLOCK_ALLOWANCE_MS,
    });
    const at = clock.ms + DAY_MS;
    // An instance of an earlier version forgot claims of 'p' expiring up to `at` (no filter).
    await client.set(recordOf('p'), String(at), { expiration: { type: 'PX', value: DAY_MS } });
    for (const expiresAt of [at + 15_000, clock.ms + 315_000]) {
      await expect(store.claim('old', expiresAt, { partition: 'p' })).rejects.toMatchObject({
        name: 'ReplayStoreFullError',
      });
    }
    expect(await store.claim('new', at + 15_001, { partition: 'p' })).toBe(true);
    // What this version forgets, it records for earlier instances (which read the number and
    // skip the trailing space), and itself ignores: a fresh short claim is taken.
    expect(await store.claim('q-1', at + 60_000, { partition: 'q' })).toBe(true);
    expect(await store.claim('q-2', at + 120_000, { partition: 'q' })).toBe(true);
    expect(await client.get(recordOf('q'))).toBe(`${at + 60_000} `);
    expect(await store.claim('q-short', clock.ms + 315_000, { partition: 'q' })).toBe(true);
    // Over an earlier version's record it writes one without the space: still refused here.
    expect(await store.claim('p-2', at + 180_000, { partition: 'p' })).toBe(true);
    expect(await client.get(recordOf('p'))).toBe(String(at + 15_001));
  });
});
