import { once } from 'node:events';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Review (wave 29): the bounded read was for a while MULTI/EXISTS/GETRANGE/EXEC. An ACL user granted
// the commands the stores send (scripts, reads) but not MULTI/EXEC got NOPERM on every cut-off
// read: every credential refused. The read sends no transaction.

let client: StoreRedisClient;
let url: string;
let limited: ReturnType<typeof createClient> | undefined;
redisPerFile((started) => {
  ({ client } = started);
  url = started.redis.url;
});
afterAll(async () => {
  await limited?.close();
});

describe('a bounded read under an ACL without MULTI/EXEC', () => {
  it('reads the cut-off', async () => {
    await client.sendCommand([
      'ACL',
      'SETUSER',
      'stores',
      'on',
      '>pw-0123456789',
      '~*',
      '+@all',
      '-multi',
      '-exec',
    ]);
    limited = createClient({ url, username: 'stores', password: 'pw-0123456789' });
    limited.on('error', () => undefined);
    await limited.connect();
    if (!limited.isReady) await once(limited, 'ready');
    const cutoffs = cutoffStoreFor(limited, { prefix: 'acl:' });
    expect(await cutoffs.cutoffOf('u-alice')).toBeUndefined();
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
  });
});
