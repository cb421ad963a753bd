import { issuedBeforeCutoff } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Two API processes on one Redis, process A's clock 50 s slow (session 33, wave33/twoproc2): A's
// endDelegation recorded the cut-off 50 s in the past, so an act JWT or access token issued after
// that time but before the real logout stayed accepted at process B. The cut-off recorded is now
// the later of the one given and Redis's TIME, in the script that writes it.

let client: StoreRedisClient;
let run = 0;
const store = () => cutoffStoreFor(client, { prefix: `slow${++run}:` });

redisPerFile((started) => ({ client } = started));

/** Redis's clock, in whole ms since the epoch (`TIME`). */
async function redisNowMs(): Promise<number> {
  const [seconds, micros] = (await client.sendCommand(['TIME'])) as [string, string];
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

const SLOW_MS = 50_000;

describe('endDelegation from a process whose clock is slow', () => {
  it('records no cut-off before the TIME of Redis: a token issued before the real logout is refused', async () => {
    const processA = store();
    const processB = cutoffStoreFor(client, { prefix: `slow${run}:` });
    const before = await redisNowMs();
    // Process A's clock says 50 s ago; a token was issued 10 s before the real logout.
    await processA.endDelegation('u-alice', before - SLOW_MS, 3_600_000);
    const after = await redisNowMs();
    const cutoffMs = await processB.cutoffOf('u-alice');
    expect(cutoffMs).toBeGreaterThanOrEqual(before);
    expect(cutoffMs).toBeLessThanOrEqual(after);
    const iatSeconds = Math.floor((before - 10_000) / 1000);
    expect(issuedBeforeCutoff(iatSeconds, cutoffMs)).toBe(true);
  });

  it('a cut-off only moves later: a slow process never moves the cut-off of a fast one earlier', async () => {
    const cutoffs = store();
    const ahead = (await redisNowMs()) + 30_000;
    await cutoffs.endDelegation('u-alice', ahead, 3_600_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(ahead);
    await cutoffs.endDelegation('u-alice', (await redisNowMs()) - SLOW_MS, 3_600_000);
    expect(await cutoffs.cutoffOf('u-alice')).toBe(ahead);
  });

  it('a cut-off ahead of the clock of Redis (a process whose clock is fast) is recorded as given', async () => {
    const cutoffs = store();
    const ahead = (await redisNowMs()) + 5_000;
    await cutoffs.endDelegation('u-bob', ahead, 60_000);
    expect(await cutoffs.cutoffOf('u-bob')).toBe(ahead);
  });
});
