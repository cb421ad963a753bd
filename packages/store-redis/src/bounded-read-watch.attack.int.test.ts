import { WatchError } from '@redis/client';
import { describe, expect, it } from 'vitest';
import { readyClient, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Review (wave 29): the bounded read, made a MULTI … EXEC transaction that session, ended a WATCH
// the application held on the client it shares with the stores: the application's own transaction
// then committed over another client's write (a lost update). A store's read must leave the
// connection's WATCH as it found it.

let client: StoreRedisClient;
let url: string;
redisPerFile((started) => {
  ({ client } = started);
  url = started.redis.url;
});

describe('a bounded read on a client the application also uses for WATCH', () => {
  it("leaves the application's WATCH in place: its transaction fails after another client's write", async () => {
    const cutoffs = cutoffStoreFor(client, { prefix: 'watch:' });
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000); // checks done: a read only
    const other = await readyClient(url);
    try {
      await client.set('app:balance', '10');
      await client.watch('app:balance');
      expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
      expect(await cutoffs.cutoffOf('u-nobody')).toBeUndefined();
      await other.set('app:balance', '20');
      const committed = client.multi().set('app:balance', '11').exec();
      await expect(committed).rejects.toBeInstanceOf(WatchError);
      expect(await client.get('app:balance')).toBe('20');
    } finally {
      await client.unwatch();
      await other.close();
    }
  });
});
