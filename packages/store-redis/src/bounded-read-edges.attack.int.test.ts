import { StoreUnavailableError, systemClock } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisCommands } from './redis-commands.js';
import { StoreFailureLog } from './store-failure-log.js';

// Review (wave 29) of the bounded read (EXISTS and GETRANGE, a second look at an empty value): its
// edges on a real Redis.

let client: StoreRedisClient;
let url: string;
const others: { close(): Promise<unknown> }[] = [];
redisPerFile((started) => {
  ({ client } = started);
  url = started.redis.url;
});
afterAll(async () => {
  for (const other of others) await other.close();
});

describe('getBounded', () => {
  it.each([
    ['maxBytes - 1 bytes', 'abc', 'abc'],
    ['exactly maxBytes bytes', 'abcd', 'abcd'],
    ['maxBytes + 1 bytes', 'abcde', 'abcde'],
    ['maxBytes + 2 bytes, read maxBytes + 1', 'abcdef', 'abcde'],
    ['an empty string', '', ''],
  ])('reads a value of %s', async (_name, value, read) => {
    const failures = new StoreFailureLog('test', createRecordingLogger(), systemClock);
    const commands = new RedisCommands(
      client,
      { timeoutMs: 30_000, maxPendingCommands: 10_000 },
      'test',
      failures,
    );
    await client.set('edge:v', value);
    expect(await commands.getBounded('cutoff', 'edge:v', 4)).toBe(read);
    await client.del('edge:v');
    expect(await commands.getBounded('cutoff', 'edge:v', 4)).toBeUndefined();
  });

  it('reads the same over RESP3 (HELLO 3) as over RESP2', async () => {
    const resp3 = createClient({ url, RESP: 3 });
    resp3.on('error', () => undefined);
    await resp3.connect();
    others.push(resp3);
    const cutoffs = cutoffStoreFor(resp3, { prefix: 'resp3:' });
    expect(await cutoffs.cutoffOf('u-alice')).toBeUndefined();
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
    await resp3.rPush('resp3:{u-bob}:cutoff', 'x');
    const error = await cutoffs.cutoffOf('u-bob').catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/WRONGTYPE.*delete it/);
  });
});
