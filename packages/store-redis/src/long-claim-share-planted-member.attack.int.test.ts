import { describe, expect, it } from 'vitest';
import { eventually, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { FORGET_CLAIM, FORGOTTEN_FILTERS } from './lua-scripts.js';
import { RedisKeys } from './redis-keys.js';

let client: StoreRedisClient;
let run = 0;

redisPerFile((started) => ({ client } = started));

// Attack: another tenant of a shared Redis (or a stray program) files in a partition's share of
// long claims the name of a key that is no claim: a human's cut-off, the key layout. The share
// forgets the claims expiring first past `maxLongClaimsPerPartition` and the store deleted each
// key it forgot, whatever it named: an ended delegation worked again.
describe('attack: a member naming a key that is no claim, in a share of long claims', () => {
  it.each([
    ['hashIds: false', false],
    ['hashIds: true', true],
  ])('forgetting it deletes neither a cut-off nor the key layout (%s)', async (_name, hashIds) => {
    const prefix = `share-planted${++run}:`;
    const keys = new RedisKeys(prefix, hashIds);
    const cutoffs = cutoffStoreFor(client, { prefix, hashIds });
    const replay = replayStoreFor(client, { prefix, hashIds, maxLongClaimsPerPartition: 1 });
    await cutoffs.endDelegation('u-bob', Date.now(), 600_000);
    const ended = await cutoffs.cutoffOf('u-bob');
    expect(ended).toBeTypeOf('number');
    const layout = await client.get(keys.layout());
    const { index } = keys.replayShare('agent-app', FORGOTTEN_FILTERS);
    // Expiring before any claim filed after them: the first the share forgets.
    for (const planted of [keys.cutoff('u-bob'), keys.layout()]) {
      await client.zAdd(index, { score: Date.now() + 60_000, value: planted });
    }

    const twoHours = Date.now() + 7_200_000;
    // Filed beside them, one past the share's bound: the two planted ones are forgotten.
    expect(await replay.claim('long-1', twoHours, { partition: 'agent-app' })).toBe(true);

    // The forgotten keys are deleted without being awaited: a claim after them on the same
    // connection is answered after their DEL.
    expect(await replay.claim('long-1', twoHours, { partition: 'agent-app' })).toBe(false);
    expect(await cutoffs.cutoffOf('u-bob')).toBe(ended);
    expect(await client.get(keys.layout())).toBe(layout);
  });

  // The same with a claim's key: the share forgot (deleted) an act JWT's claim of a minute that
  // no share held, and its replay was a first use again.
  it('forgetting a short claim it never filed deletes it not: its replay stays refused', async () => {
    const prefix = `share-planted${++run}:`;
    const keys = new RedisKeys(prefix, false);
    const replay = replayStoreFor(client, { prefix, maxLongClaimsPerPartition: 1 });
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    const aMinute = Date.now() + 60_000;
    expect(await replay.claim('act-jwt-1', aMinute)).toBe(true);
    const { index } = keys.replayShare('agent-app', FORGOTTEN_FILTERS);
    await client.zAdd(index, { score: aMinute, value: keys.replay('act-jwt-1') });

    const twoHours = Date.now() + 7_200_000;
    expect(await replay.claim('long-1', twoHours, { partition: 'agent-app' })).toBe(true);

    // The forgotten claim's script is sent without being awaited: wait until Redis has run it
    // (flushed above, it is in Redis's cache once its EVAL ran).
    await eventually(async () => {
      const [loaded] = (await client.sendCommand([
        'SCRIPT',
        'EXISTS',
        FORGET_CLAIM.sha1,
      ])) as number[];
      return loaded === 1;
    });
    expect(await replay.claim('act-jwt-1', aMinute)).toBe(false);
  });
});
