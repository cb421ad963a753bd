import { once } from 'node:events';
import { StoreUnavailableError } from '@dual-auth/core';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Review (wave 29): the bounded read was for a while MULTI/EXISTS/GETRANGE/EXEC. An ACL user granted
// the commands the stores send (scripts, reads) but not MULTI/EXEC got NOPERM on every cut-off
// read: every credential refused. The read sends no transaction.

let client: StoreRedisClient;
let url: string;
// Each client of its own ACL user, closed after the file (only close is needed of its type).
const limited: { close(): Promise<unknown> }[] = [];
redisPerFile((started) => {
  ({ client } = started);
  url = started.redis.url;
});
afterAll(async () => {
  await Promise.all(limited.map((each) => each.close()));
});

/** A ready client of an ACL user made with `rules` (after `on`, its password and `~*`). */
async function clientOf(username: string, rules: string[]) {
  const password = 'pw-0123456789';
  await client.sendCommand(['ACL', 'SETUSER', username, 'on', `>${password}`, '~*', ...rules]);
  // Typed so that createClient infers the stores' client type (as the array's), not `{}` modules.
  const own: ReturnType<typeof createClient> = createClient({ url, username, password });
  limited.push(own);
  own.on('error', () => undefined);
  await own.connect();
  if (!own.isReady) await once(own, 'ready');
  return own;
}

describe('a bounded read under an ACL without MULTI/EXEC', () => {
  it('reads the cut-off', async () => {
    const cutoffs = cutoffStoreFor(await clientOf('stores', ['+@all', '-multi', '-exec']), {
      prefix: 'acl:',
    });
    expect(await cutoffs.cutoffOf('u-alice')).toBeUndefined();
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
  });
});

// Session 34: the stores read Redis's clock (TIME) in every claim script, in the cut-off write and,
// since maxClockSkewMs, beside each cut-off read. TIME is in no ACL category but @fast, so a user
// granted @read, @write and @scripting (what a NOPERM refusal advised) is refused all of them: the
// refusal must say to grant TIME too.
describe('an ACL user without TIME', () => {
  it('is refused claims and cut-off reads, told to grant TIME', async () => {
    const own = await clientOf('notime', [
      ...['+@read', '+@write', '+@scripting', '+config|get', '+ping', '+hello', '+auth'],
    ]);
    for (const refused of [
      cutoffStoreFor(own, { prefix: 'notime:' }).cutoffOf('u-alice'),
      replayStoreFor(own, { prefix: 'notime:' }).claim('jti-1', Date.now() + 60_000),
    ]) {
      const error = await rejection(refused);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/NOPERM/);
      expect((error as Error).message).toMatch(/TIME \(\+time/);
    }
  });
});
