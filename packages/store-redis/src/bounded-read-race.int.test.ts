import { createDualSubjectToken, StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { readyClient } from '../test/support/redis-client.js';
import { cutoffStoreFor, tokenCacheFor } from '../test/support/stores.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import { financeKey } from '../test/support/token-cache-scenario.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';
import { RedisKeys } from './redis-keys.js';

// A bounded read (a cut-off, a token entry) was two commands, EXISTS then GETRANGE: a key deleted
// by another instance between them (an expiry, a token invalidated) read as an empty value, which
// the cut-off store refused as "holds something else than a time" (the credential refused for
// nothing) and the token cache logged as an unreadable value (review, wave 28). The proxy lets the
// reader's first command that names the key through, holds the rest while another client deletes
// the key, then lets them go: the read looks once more at a key that was there and read empty.

let redis: LocalRedis;
let proxy: TcpProxy;
let direct: StoreRedisClient;
let behind: ReturnType<typeof createClient>;

redisBehindProxyPerFile(async (started) => {
  ({ redis, proxy } = started);
  direct = await readyClient(redis.url);
  // node-redis's own client: no watchdog PINGs between the reader's commands.
  behind = createClient({ url: `redis://127.0.0.1:${proxy.port}` });
  behind.on('error', () => undefined);
  await behind.connect();
});
afterAll(async () => {
  await behind?.close();
  await direct?.close();
});

/**
 * Runs `read`, running each of `between` (by another client) between one look of the reader
 * (its first command naming `key`, EXISTS) and the commands after it (GETRANGE): the first
 * between the first look's two commands, the next between the next look's.
 */
async function betweenLooks<T>(key: string, read: () => Promise<T>, between: (() => unknown)[]) {
  let split = proxy.splitAfterCommandNaming(key);
  const reading = read().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  for (const [i, step] of between.entries()) {
    await split.ran;
    await step();
    const held = split;
    if (i < between.length - 1) split = proxy.splitAfterCommandNaming(key);
    held.release();
  }
  return reading;
}

const deleted = (key: string) => async () => expect(await direct.del(key)).toBe(1);

/** Runs `read`, deleting `key` (by another client) once the reader's first command naming it ran. */
function deletedMidRead<T>(key: string, read: () => Promise<T>) {
  return betweenLooks(key, read, [deleted(key)]);
}

/**
 * Runs `read`, its key there at the reader's first two EXISTS and gone at the GETRANGE after each:
 * as when other clients delete it, write it again and delete it again between the reader's
 * commands. From the first GETRANGE to the second EXISTS the key holds an empty value, which the
 * reader cannot tell from a key deleted then written again (the proxy cannot hold the reader
 * between its GETRANGE and its next EXISTS); it is gone from the second GETRANGE on.
 */
function deletedMidReadTwice<T>(key: string, read: () => Promise<T>) {
  return betweenLooks(key, read, [() => direct.set(key, ''), deleted(key)]);
}

describe('a bounded read whose key is deleted by another client meanwhile', () => {
  it.each([
    ['once', 'race:', deletedMidRead],
    ['twice in a row', 'race-twice:', deletedMidReadTwice],
  ])(
    'RedisDelegationCutoffStore.cutoffOf reads no cut-off, not "something else than a time" (%s)',
    async (_times, prefix, deletedMeanwhile) => {
      const cutoffs = cutoffStoreFor(behind, { prefix });
      await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
      expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000); // checks done: a read only
      const key = new RedisKeys(prefix, false).cutoff('u-alice');
      expect(await deletedMeanwhile(key, () => cutoffs.cutoffOf('u-alice'))).toEqual({
        value: undefined,
      });
    },
  );

  it('RedisDelegationCutoffStore.cutoffOf refuses an empty value another program keeps there, after three looks and no fourth', async () => {
    const cutoffs = cutoffStoreFor(behind, { prefix: 'kept-empty:' });
    expect(await cutoffs.cutoffOf('u-zoe')).toBeUndefined(); // checks done: a read only
    const key = new RedisKeys('kept-empty:', false).cutoff('u-zoe');
    await direct.set(key, '');
    const monitor = await readyClient(redis.url);
    const sent: string[] = [];
    await monitor.monitor((line) => {
      if (line.includes('kept-empty:') && !line.includes(' lua] ')) sent.push(line);
    });
    try {
      const error = await cutoffs.cutoffOf('u-zoe').catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/something else than a time.*delete the key/);
      // MONITOR lists a command once run: another client's, seen last, marks the end.
      await direct.exists('kept-empty:end');
      await expect.poll(() => sent.at(-1)).toContain('kept-empty:end');
      const looks = sent.filter((line) => line.includes(key));
      expect(looks.filter((line) => /"exists"/i.test(line))).toHaveLength(3);
      expect(looks.filter((line) => /"getrange"/i.test(line))).toHaveLength(3);
    } finally {
      await monitor.close();
    }
  });

  it('RedisTokenCache.get misses, with no "unreadable" value logged', async () => {
    const logger = createRecordingLogger();
    const cache = tokenCacheFor(behind, {
      prefix: 'race:',
      encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(3) }],
      logger,
    });
    const key = financeKey('u-bob');
    await cache.set(
      key,
      createDualSubjectToken({
        accessToken: 'opaque-secret',
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read',
        issuedAt: Date.now(),
      }),
    );
    expect(await cache.get(key)).toBeDefined();
    const { entry } = new RedisKeys('race:', false).token(key);
    expect(await deletedMidRead(entry, () => cache.get(key))).toEqual({ value: undefined });
    expect(logger.records.map((r) => r.event)).not.toContain('token_cache_unreadable');
  });
});

describe('a bounded read, whatever the connection is doing', () => {
  it('is still a read while Redis holds writes (CLIENT PAUSE WRITE, as in a failover)', async () => {
    const cutoffs = cutoffStoreFor(behind, { prefix: 'pause:' });
    await cutoffs.endDelegation('u-carol', 2_000_000_000_000, 60_000);
    await direct.sendCommand(['CLIENT', 'PAUSE', '600000', 'WRITE']);
    try {
      expect(await cutoffs.cutoffOf('u-carol')).toBe(2_000_000_000_000);
      expect(await cutoffs.cutoffOf('u-nobody')).toBeUndefined();
    } finally {
      await direct.sendCommand(['CLIENT', 'UNPAUSE']);
    }
  });

  it('sent while the client reconnects: answered once it is back, or taken out of its queue when timed out', async () => {
    const client = createClient({
      url: `redis://127.0.0.1:${proxy.port}`,
      socket: { reconnectStrategy: () => 20 },
    });
    client.on('error', () => undefined);
    await client.connect();
    const cutoffs = cutoffStoreFor(client, { prefix: 'down:' });
    await cutoffs.endDelegation('u-dave', 2_000_000_000_000, 60_000);
    await cutoffs.cutoffOf('u-dave'); // checks done: a read only
    const impatient = new RedisDelegationCutoffStore({ client, prefix: 'down:', timeoutMs: 50 });
    // Its checks done too, while Redis is reachable: 50 ms can pass on a loaded machine, so it may
    // take a few tries (this test is about the queue while reconnecting, not about this read).
    await expect
      .poll(
        () =>
          impatient.cutoffOf('u-dave').then(
            () => true,
            () => false,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    const monitor = await readyClient(redis.url);
    const sent: string[] = [];
    await monitor.monitor((line) => {
      if (line.includes('down:{u-') && !line.includes(' lua] ')) sent.push(line);
    });
    try {
      proxy.goDown();
      await expect.poll(() => client.isReady).toBe(false);
      const timedOut = await impatient.cutoffOf('u-frank').catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(timedOut)).toBe(true);
      const answered = cutoffs.cutoffOf('u-dave');
      const missing = cutoffs.cutoffOf('u-erin');
      proxy.restore();
      expect(await answered).toBe(2_000_000_000_000);
      expect(await missing).toBeUndefined();
      // The timed-out read never reached Redis, the two answered did. (MONITOR lists a command once
      // run: another client's, seen last, marks the end.)
      await direct.exists('down:{u-}:end');
      await expect.poll(() => sent.at(-1)).toContain('down:{u-}:end');
      expect(sent.some((line) => line.includes('u-dave'))).toBe(true);
      expect(sent.some((line) => line.includes('u-erin'))).toBe(true);
      expect(sent.some((line) => line.includes('u-frank'))).toBe(false);
    } finally {
      await monitor.close();
      await client.close();
    }
  });
});
