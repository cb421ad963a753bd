import { StoreUnavailableError, type TokenCacheKey } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, tokenCacheFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisKeys } from './redis-keys.js';

// Attack: a shared Redis where another tenant (or a compromised app) writes under this store's
// keys. The stores must fail closed with a typed error that says what to do, never accept what
// they must refuse, and never carry what was written there into a log line.

let client: StoreRedisClient;
let run = 0;

redisPerFile((started) => ({ client } = started));

const KEY = { id: 'k1', key: Buffer.alloc(32, 7).toString('base64') };

const tokenKey = (sub: string): TokenCacheKey => ({
  adapterId: 'kc|https://idp.example/token|agent',
  agentId: 'finance-agent',
  sub,
  scope: ['finance.read'],
  audience: 'https://api.example.com',
});

describe('attack: values written under the stores’ keys by another tenant', () => {
  it.each([
    ['an exponent past any time', '1e999'],
    ['infinity', 'inf'],
    ['a number past 2^63', '99999999999999999999'],
  ])('endDelegation writes a time over a cut-off key holding %s', async (_name, value) => {
    const prefix = `tenant${++run}:`;
    const cutoffs = cutoffStoreFor(client, { prefix });
    await client.set(new RedisKeys(prefix, false).cutoff('u-alice'), value);
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    // Before: the script kept the "later" value and wrote it with %d, which overflowed to
    // -9223372036854775808: endDelegation resolved, and the key held no time at all.
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
  });

  it('a key of another type under the cut-off: refused, saying to delete it', async () => {
    const prefix = `tenant${++run}:`;
    const cutoffs = cutoffStoreFor(client, { prefix });
    await client.rPush(new RedisKeys(prefix, false).cutoff('u-alice'), 'x');
    for (const error of [
      await cutoffs.cutoffOf('u-alice').catch((e: unknown) => e),
      await cutoffs.endDelegation('u-alice', Date.now(), 60_000).catch((e: unknown) => e),
    ]) {
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/WRONGTYPE/);
      // Before: "OOM means … READONLY … LOADING …", nothing about a key of another type.
      expect((error as Error).message).toMatch(/another type.*delete it|prefix of its own/);
    }
  });

  it('logs no key id taken from a value it could not open (a name, a megabyte)', async () => {
    const prefix = `tenant${++run}:`;
    const logger = createRecordingLogger();
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY], logger });
    const { entry } = new RedisKeys(prefix, false).token(tokenKey('u-alice'));
    for (const keyId of ['alice.smith@example.com'.replaceAll('.', '_'), 'x'.repeat(1_000_000)]) {
      await client.set(entry, `v1.${keyId}.AAAAAAAAAAAAAAAA.AAAA`);
      expect(await store.get(tokenKey('u-alice'))).toBeUndefined();
    }
    const lines = JSON.stringify(logger.records);
    expect(lines).not.toMatch(/alice|smith|example/);
    expect(lines.length).toBeLessThan(2_000);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ event: 'token_cache_unreadable' }),
    );
  });

  /** Bytes Redis has sent to its clients so far (INFO stats). */
  async function sentBytes(): Promise<number> {
    const stats = await client.info('stats');
    return Number(/total_net_output_bytes:(\d+)/.exec(stats)?.[1]);
  }

  it('never reads a huge value under its keys whole (token entry, listed tokens, cut-off)', async () => {
    const prefix = `tenant${++run}:`;
    const store = tokenCacheFor(client, {
      prefix,
      encryptionKeys: [KEY],
      logger: createRecordingLogger(),
    });
    const cutoffs = cutoffStoreFor(client, { prefix });
    const keys = new RedisKeys(prefix, false);
    const { entry, index } = keys.token(tokenKey('u-alice'));
    const huge = `v1.${KEY.id}.AAAAAAAAAAAAAAAA.${'A'.repeat(24 * 1_048_576)}`;
    await client.set(entry, huge);
    await client.zAdd(index, { score: Date.UTC(2100, 0, 1), value: entry });
    await client.set(keys.cutoff('u-alice'), `2000000000000${'0'.repeat(24 * 1_048_576)}`);
    await store.get(tokenKey('u-alice')); // one call warms the store's checks
    const before = await sentBytes();
    expect(await store.get(tokenKey('u-alice'))).toBeUndefined();
    expect(await store.tokensOf('u-alice', 'kc|https://idp.example/token|agent')).toEqual([]);
    const cutoff = await cutoffs.cutoffOf('u-alice').catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(cutoff)).toBe(true);
    // Before: each read took the 24 MiB value whole (72 MiB and more); now at most 8 MiB each.
    expect((await sentBytes()) - before).toBeLessThan(2 * 8 * 1_048_576 + 1_048_576);
  }, 60_000);
});

// Attack: the human's index names keys that are no entry of the human (another application's
// large values): the listing read up to 8 MiB of each and sent it to this process, which then
// dropped it as not the human's; 1000 such members made one page of 8 GB.
describe("attack: a human's index naming another application's large values", () => {
  it('tokensOf reads no value of a key that is not one of the human’s entries', async () => {
    const prefix = `tenant${++run}:`;
    const store = tokenCacheFor(client, { prefix, encryptionKeys: [KEY] });
    const keys = new RedisKeys(prefix, false);
    const { index } = keys.token(tokenKey('u-alice'));
    for (let i = 0; i < 3; i += 1) {
      await client.set(`other-app:blob:${i}`, 'x'.repeat(8 * 1_048_576));
      await client.zAdd(index, { score: Date.UTC(2100, 0, 1), value: `other-app:blob:${i}` });
    }
    await store.tokensOf('u-alice', tokenKey('u-alice').adapterId); // warms the store's checks
    const stats = async () =>
      Number(/total_net_output_bytes:(\d+)/.exec(await client.info('stats'))?.[1]);
    const before = await stats();
    expect(await store.tokensOf('u-alice', tokenKey('u-alice').adapterId)).toEqual([]);
    // Before: 24 MiB and more.
    expect((await stats()) - before).toBeLessThan(1_048_576);
  }, 60_000);
});
