import type { LocalRedis } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisWithClient, stopRedisWithClient } from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';

let redis: LocalRedis;
let client: StoreRedisClient;
let run = 0;
const store = () =>
  new RedisDelegationCutoffStore({ client, prefix: `c${++run}:`, timeoutMs: 30_000 });

beforeAll(async () => {
  ({ redis, client } = await startRedisWithClient());
});
afterAll(() => stopRedisWithClient({ redis, client }));

describe('RedisDelegationCutoffStore', () => {
  it('keeps the later cut-off per human; another human has none', async () => {
    const cutoffs = store();
    expect(await cutoffs.cutoffOf('u-alice')).toBeUndefined();
    await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
    await cutoffs.endDelegation('u-alice', 1_900_000_000_000, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
    await cutoffs.endDelegation('u-alice', 2_000_000_000_500, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_500);
    expect(await cutoffs.cutoffOf('u-bob')).toBeUndefined();
  });

  it('keeps the key for the longest keepMs given, under the human hash tag', async () => {
    const cutoffs = store();
    await cutoffs.endDelegation('u-1', Date.now(), 600_000);
    await cutoffs.endDelegation('u-1', Date.now(), 1_000);
    const [key] = await client.keys(`c${run}:*`);
    expect(key).toBe(`c${run}:{u-1}:cutoff`);
    expect(await client.pTTL(key as string)).toBeGreaterThan(1_000);
  });

  it('refuses a wrong argument with a TypeError', async () => {
    await expect(store().endDelegation('', Date.now(), 1_000)).rejects.toThrow(TypeError);
    await expect(store().endDelegation('u-1', Date.now(), 0)).rejects.toThrow(/keepMs/);
  });
});
