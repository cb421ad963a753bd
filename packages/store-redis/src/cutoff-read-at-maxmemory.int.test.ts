import { afterEach, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// The Redis soak (examples/demo/src/load/soak-redis.ts): on a noeviction Redis at its maxmemory,
// the cut-off reads answered until the key-layout check came due again (policyCheckIntervalMs),
// then every one failed with OOM until memory was freed: the check ran `SET NX` on the layout
// record already there, a write Redis refuses at maxmemory. An API whose only Redis use is the
// cut-off read answered 503 to every request although the read itself was possible.

let client: StoreRedisClient;

redisPerFile((started) => {
  client = started.client;
});

afterEach(async () => {
  await client.configSet('maxmemory', '0');
  await client.flushAll();
});

/** Fills Redis with junk until a write is refused for its maxmemory (set just above its use). */
async function fillToMaxmemory(): Promise<void> {
  const info = await client.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1]);
  await client.configSet('maxmemory', String(used + 2 * 2 ** 20));
  for (let n = 0; n < 200; n += 1) {
    const filled = await client
      .eval(
        "for i=1,500 do redis.call('SET', 'junk:'..ARGV[1]..':'..i, string.rep('x', 1000)) end return 1",
        { arguments: [String(n)] },
      )
      .then(
        () => false,
        (error: Error) => /OOM/.test(error.message),
      );
    if (filled) return;
  }
  throw new Error('Redis never reached its maxmemory');
}

describe('RedisDelegationCutoffStore on a Redis at its maxmemory', () => {
  it('reads a cut-off when the key-layout and eviction-policy checks come due again', async () => {
    let now = Date.now();
    const store = cutoffStoreFor(client, { clock: { now: () => now } });
    // Ahead of Redis's clock: the cut-off is recorded as given (never before Redis's TIME).
    const cutoffMs = Date.now() + 60_000;
    await store.endDelegation('human-1', cutoffMs, 3_600_000);
    expect(await store.cutoffOf('human-1')).toBe(cutoffMs);

    await fillToMaxmemory();
    now += 61_000; // past policyCheckIntervalMs (60 s): both checks run again with this read
    expect(await store.cutoffOf('human-1')).toBe(cutoffMs);
    expect(await store.cutoffOf('human-2')).toBeUndefined();
  });

  it('still refuses to end a delegation there (the write), saying OOM', async () => {
    const store = cutoffStoreFor(client);
    await store.cutoffOf('human-1');
    await fillToMaxmemory();
    await expect(store.endDelegation('human-1', Date.now(), 3_600_000)).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      message: expect.stringContaining('OOM'),
    });
  });
});
