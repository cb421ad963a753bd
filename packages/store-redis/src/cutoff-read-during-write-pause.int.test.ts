import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { readyClient, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Chaos session 35: while Redis held writes (CLIENT PAUSE WRITE, as a failover does), every
// cut-off read failed closed (503 cutoff_store_unavailable) once the store's key-layout check came
// due (every policyCheckIntervalMs, 60 s, and at the first read after a reconnect): the check was
// a script (set the record unless set, read it back), and Redis holds every script during a write
// pause, written or not, so the read waited behind it past timeoutMs, and so did each read after
// it (a check that timed out is due again). The read itself (EXISTS, GETRANGE, TIME) is let
// through; the check now reads the record first, and runs the script only when it is missing.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

describe('RedisDelegationCutoffStore while Redis holds writes (CLIENT PAUSE WRITE)', () => {
  it('reads a cut-off when its key-layout and eviction-policy checks come due then', async () => {
    let now = Date.now();
    const logger = createRecordingLogger();
    const store = cutoffStoreFor(client, { logger, clock: { now: () => now } });
    const cutoffMs = Date.now() + 60_000; // ahead of Redis's clock: recorded as given
    await store.endDelegation('human-1', cutoffMs, 3_600_000);
    const pauser = await readyClient((client.options as { url: string }).url);
    await pauser.sendCommand(['CLIENT', 'PAUSE', '600000', 'WRITE']);
    try {
      now += 61_000; // past policyCheckIntervalMs: both checks run again with this read
      expect(await store.cutoffOf('human-1')).toBe(cutoffMs);
      expect(await store.cutoffOf('human-2')).toBeUndefined();
    } finally {
      await pauser.sendCommand(['CLIENT', 'UNPAUSE']);
      await pauser.close();
    }
    expect(logger.records.map((r) => r.event)).not.toContain('redis_store_failed');
  });
});
