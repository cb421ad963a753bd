import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisReplayStore } from './redis-replay-store.js';

// Attack (session 19 break, brk19b): a partition's share of long claims forgets its earliest
// entries and deletes their keys; a replay of one is refused only while it is itself "long"
// (expiring more than an hour after the claiming instance's now). Once less than an hour of it
// is left, its replay skipped the share and Redis, whose key had been deleted, took it as a first
// use: a DPoP proof dated by a day-long nonce was accepted twice in its last hour.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

describe('attack: replay of a long claim a full share forgot, in its last hour', () => {
  it('is still refused, bound or not, on the instance that forgot it and on another', async () => {
    const prefix = `forgotten-${crypto.randomUUID()}:`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const options = { client, prefix, clock, maxLongClaimsPerPartition: 2 };
    const store = new RedisReplayStore(options);
    const other = new RedisReplayStore(options);
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
    // The price, as in InMemoryReplayStore: a claim of that partition expiring no later than
    // what it forgot is refused too, whatever its length; other partitions are not touched.
    await expect(other.claim('short', clock.ms + 60_000, { partition: 'p' })).rejects.toMatchObject(
      { name: 'ReplayStoreFullError' },
    );
    expect(await other.claim('short', clock.ms + 60_000, { partition: 'r' })).toBe(true);
    expect(await other.claim('short', clock.ms + 60_000, { partition: 'r' })).toBe(false);
  });
});
