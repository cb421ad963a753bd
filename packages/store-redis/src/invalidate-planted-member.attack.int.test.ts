import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor, tokenCacheFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisKeys } from './redis-keys.js';

let client: StoreRedisClient;
let run = 0;

redisPerFile((started) => ({ client } = started));

const KEY = { id: 'k1', key: new Uint8Array(32).fill(3) };
const FAR_FUTURE_MS = Date.UTC(2100, 0, 1);

// Attack: another tenant of a shared Redis (or a compromised app) that can write a human's token
// index files in it the names of keys that are not that human's tokens: another human's cut-off,
// a claimed jti, the key layout. `invalidate` (run by `endDelegation` at a logout) deleted every
// member of the human's index and set-aside index it could not set aside, whatever key it named:
// the store, with its own rights, deleted the cut-off (an ended delegation worked again) and the
// claim (the replay was accepted) for the planter.
describe("attack: an index member naming a key that is not the human's token", () => {
  it.each([
    ['the live index', (keys: RedisKeys) => keys.index('u-alice')],
    ['the set-aside index', (keys: RedisKeys) => keys.setAside('u-alice')],
  ])('in %s: invalidate deletes no cut-off, claim or layout record', async (_name, indexOf) => {
    const prefix = `planted${++run}:`;
    const keys = new RedisKeys(prefix, false);
    const cutoffs = cutoffStoreFor(client, { prefix });
    const replay = replayStoreFor(client, { prefix });
    const cache = tokenCacheFor(client, { prefix, encryptionKeys: [KEY] });
    await cutoffs.endDelegation('u-bob', Date.now(), 600_000);
    // Recorded no earlier than Redis's TIME.
    const ended = await cutoffs.cutoffOf('u-bob');
    expect(ended).toBeTypeOf('number');
    const expiresAt = Date.now() + 300_000;
    expect(await replay.claim('jti-bob-1', expiresAt)).toBe(true);
    for (const planted of [keys.cutoff('u-bob'), keys.replay('jti-bob-1'), keys.layout()]) {
      await client.zAdd(indexOf(keys), { score: FAR_FUTURE_MS, value: planted });
    }

    await cache.invalidate('u-alice');

    expect(await cutoffs.cutoffOf('u-bob')).toBe(ended);
    expect(await replay.claim('jti-bob-1', expiresAt)).toBe(false);
    expect(await client.get(keys.layout())).toBe('layout=1 hashIds=false');
  });
});
