import {
  type DelegationCutoffStore,
  delegationCutoffVerdict,
  InMemoryDelegationCutoffStore,
  StoreUnavailableError,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

let client: StoreRedisClient;
let run = 0;
const store = () => cutoffStoreFor(client, { prefix: `c${++run}:` });

redisPerFile((started) => ({ client } = started));

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
    const [key] = await client.keys(`c${run}:{*`);
    expect(key).toBe(`c${run}:{u-1}:cutoff`);
    expect(await client.pTTL(key as string)).toBeGreaterThan(1_000);
  });

  it.each([
    ['text', 'not-a-time'],
    ['an empty string', ''],
    ['a fraction', '2000000000000.5'],
    ['a negative count', '-1'],
    // 16 digits past 2^53 - 1: read as another (far-future) time, silently (review, wave 28).
    ['2^53, past the last whole ms a number holds', '9007199254740992'],
    ['sixteen nines', '9999999999999999'],
  ])(
    'rejects with StoreUnavailableError, never "no cut-off", when the key holds %s',
    async (_name, value) => {
      const cutoffs = store();
      await client.set(`c${run}:{u-alice}:cutoff`, value);
      const error = await cutoffs.cutoffOf('u-alice').catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        operation: 'cutoff',
        message: expect.stringMatching(/holds something else than a time/),
      });
      // endDelegation writes a time over it.
      await cutoffs.endDelegation('u-alice', 2_000_000_000_000, 60_000);
      expect(await cutoffs.cutoffOf('u-alice')).toBe(2_000_000_000_000);
    },
  );

  // A typo past 2^53 - 1 (or before the epoch) was written, then read back as "holds something
  // else than a time": every credential of the human refused until the next endDelegation.
  it.each([
    ['2^53', 2 ** 53],
    ['1e16', 1e16],
    ['1e300', 1e300],
    ['-1', -1],
  ])(
    'refuses a cutoffMs of %s at write with a TypeError saying the bound, writing nothing',
    async (_name, cutoffMs) => {
      const cutoffs = store();
      await expect(cutoffs.endDelegation('u-alice', cutoffMs, 60_000)).rejects.toThrow(
        /cutoffMs must be ms since the epoch, from 0 to 2\^53 - 1/,
      );
      await expect(cutoffs.endDelegation('u-alice', cutoffMs, 60_000)).rejects.toBeInstanceOf(
        TypeError,
      );
      expect(await client.exists(`c${run}:{u-alice}:cutoff`)).toBe(0);
      expect(await cutoffs.cutoffOf('u-alice')).toBeUndefined();
    },
  );

  it('writes 2^53 - 1 and reads it back', async () => {
    const cutoffs = store();
    await cutoffs.endDelegation('u-alice', Number.MAX_SAFE_INTEGER, 60_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads 2^53 - 1, the last whole ms a number holds, as that time', async () => {
    const cutoffs = store();
    await client.set(`c${run}:{u-alice}:cutoff`, '9007199254740991');
    expect(await cutoffs.cutoffOf('u-alice')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['a negative count', '-1'],
    ['400 digits (Infinity once read)', '9'.repeat(400)],
  ])(
    "gives delegationCutoffVerdict's unavailable verdict, never open nor a TypeError, when the key holds %s",
    async (_name, value) => {
      const cutoffs = store();
      await client.set(`c${run}:{u-alice}:cutoff`, value);
      const verdict = await delegationCutoffVerdict({
        store: cutoffs,
        human: { sub: 'u-alice' },
        iatSeconds: 1_800_000_000,
      });
      expect(verdict).toEqual({ state: 'unavailable', cause: expect.any(StoreUnavailableError) });
    },
  );

  it('refuses a wrong argument with a TypeError', async () => {
    await expect(store().endDelegation('', Date.now(), 1_000)).rejects.toThrow(TypeError);
    await expect(store().endDelegation('u-1', Date.now(), 0)).rejects.toThrow(/keepMs/);
  });
});

/** A store and a probe: is the human's cut-off still kept `ms` from now? */
interface StoreKit {
  readonly cutoffs: DelegationCutoffStore;
  keptAfter(human: string, ms: number): Promise<boolean>;
}

const STORE_KITS: Record<string, () => StoreKit> = {
  // Redis keeps time itself: the key's remaining PTTL says how long it stays.
  redis: () => {
    const cutoffs = store();
    const prefix = `c${run}:`;
    return {
      cutoffs,
      keptAfter: async (human, ms) => (await client.pTTL(`${prefix}{${human}}:cutoff`)) > ms,
    };
  },
  'in-memory (core)': () => {
    let nowMs = Date.now();
    const cutoffs = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
    return {
      cutoffs,
      keptAfter: async (human, ms) => {
        nowMs += ms + 1;
        return (await cutoffs.cutoffOf(human)) !== undefined;
      },
    };
  },
};

describe.each(Object.keys(STORE_KITS))('the cut-off stores agree (%s)', (name) => {
  it('an earlier cut-off with a longer keepMs keeps the latest cut-off for the longer time', async () => {
    const { cutoffs, keptAfter } = (STORE_KITS[name] as () => StoreKit)();
    // Ahead of every clock here: the Redis store records no cut-off before Redis's TIME.
    const cutoffMs = Date.now() + 60_000;
    await cutoffs.endDelegation('u-alice', cutoffMs, 60_000);
    // Another instance, its clock 10 ms behind, asks for a day.
    await cutoffs.endDelegation('u-alice', cutoffMs - 10, 86_400_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(cutoffMs);
    expect(await keptAfter('u-alice', 120_000)).toBe(true);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(cutoffMs);
  });

  it('a later cut-off with a shorter keepMs wins, and keeps the longer time', async () => {
    const { cutoffs, keptAfter } = (STORE_KITS[name] as () => StoreKit)();
    const cutoffMs = Date.now() + 60_000;
    await cutoffs.endDelegation('u-alice', cutoffMs, 600_000);
    await cutoffs.endDelegation('u-alice', cutoffMs + 500, 1_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(cutoffMs + 500);
    expect(await keptAfter('u-alice', 2_000)).toBe(true);
  });
});
