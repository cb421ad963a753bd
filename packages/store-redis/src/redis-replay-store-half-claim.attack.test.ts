import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (session 21, brk21): the partitioned claim's script took the claim's key and then failed
// in its share's check (a Lua error on a share key that holds what this version never writes:
// another program under the same prefix, a hand edit). Redis does not undo a script's writes, so
// the key stayed, holding the claim's own token; the instance remembered that token (the claim
// failed with StoreUnavailableError) and its retry, finding it, was accepted without the check:
// the replay of a forgotten claim was answered 503 once, then taken.

const DAY_MS = 86_400_000;

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

const shareKey = (prefix: string, partition: string, name: string) =>
  `${prefix}{replay-share:${createHash('sha256').update(partition).digest('base64url')}}:${name}`;

describe('attack: a share check that fails after the claim took its key', () => {
  it('leaves no key behind, so a retry of a forgotten claim is checked again, never taken', async () => {
    const prefix = `half-claim-${crypto.randomUUID()}:`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const store = replayStoreFor(client, { prefix, clock, maxLongClaimsPerPartition: 1 });
    const at = clock.ms + DAY_MS;
    // 'a' is forgotten (in a filter) to make room for 'b'.
    expect(await store.claim('a', at, { partition: 'p' })).toBe(true);
    expect(await store.claim('b', at + 1, { partition: 'p' })).toBe(true);
    // The share's record of the latest expiry forgotten holds a list: GET is a WRONGTYPE error.
    const record = shareKey(prefix, 'p', 'forgotten-until');
    const ttlMs = await client.pTTL(record);
    await client.del(record);
    await client.rPush(record, 'odd');
    await client.pExpire(record, ttlMs);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(store.claim('a', at, { partition: 'p' })).rejects.toMatchObject({
        name: 'StoreUnavailableError',
        message: expect.stringContaining('WRONGTYPE'),
      });
    }
    expect(await client.exists(`${prefix}replay:a`)).toBe(0);
  });
});
