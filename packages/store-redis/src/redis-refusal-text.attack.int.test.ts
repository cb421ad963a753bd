import { once } from 'node:events';
import { inspect } from 'node:util';
import { StoreUnavailableError } from '@dual-auth/core';
import { createClient } from '@redis/client';
import { afterAll, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Session 36 (wave36/smalls): a StoreUnavailableError quoted up to 200 characters of Redis's error
// reply, which names the ACL user ("NOPERM User alice-ops has no permissions to run the 'time'
// command"), to whoever catches it (an API's error page, a log of the caller's). The store's own
// log line was already code-only (redis_store_failed: error_code NOPERM); the thrown error now
// names Redis's error code and what to do, never the reply's text, nor does its cause.

const USER = 'alice-ops';
let client: StoreRedisClient;
let url: string;
let own: ReturnType<typeof createClient> | undefined;
redisPerFile((started) => {
  ({ client } = started);
  url = started.redis.url;
});
afterAll(async () => {
  await own?.close();
});

it('a NOPERM refusal names the code and the fix, never the ACL user or the reply text', async () => {
  const password = 'pw-0123456789';
  // Everything the stores send but TIME: each claim and cut-off read is refused.
  await client.sendCommand(['ACL', 'SETUSER', USER, 'on', `>${password}`, '~*', '+@all', '-time']);
  own = createClient({ url, username: USER, password });
  own.on('error', () => undefined);
  await own.connect();
  if (!own.isReady) await once(own, 'ready');
  const client36 = own;
  for (const call of [
    () => cutoffStoreFor(client36, { prefix: 'acl36:' }).cutoffOf('u-1'),
    () => replayStoreFor(client36, { prefix: 'acl36:' }).claim('jti-1', Date.now() + 60_000),
  ]) {
    const error = await rejection(call());
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    const { message } = error as Error;
    // TIME sent itself is refused NOPERM; inside a script, Redis answers ERR.
    expect(message).toMatch(/^Redis failed \((NOPERM|ERR)\): Redis refused the command/);
    expect(message).toMatch(/TIME \(\+time\)/);
    // Before: "Redis failed (Error: NOPERM this user has no permissions to run the 'time' command): …"
    // (Redis 7.0.15 here; the reply's words are Redis's, and may name the user), and for the script
    // "Redis failed (Error: ERR The user executing the script can't run this command …)".
    expect(message).not.toContain(USER);
    expect(message).not.toMatch(/has no permissions|executing the script|user_script/);
    expect(inspect(error, { depth: 10 })).not.toContain(USER);
  }
}, 30_000);
