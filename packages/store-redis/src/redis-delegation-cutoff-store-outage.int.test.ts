import { StoreUnavailableError } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import { useTokenCacheRedis } from '../test/support/token-cache-scenario.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';

// A "sign out everywhere" during a Redis outage: the caller must learn that the human may not be
// cut off (credentials issued before are still accepted) and what to do, not only that Redis was
// slow; and not that the cut-off is surely missing, since a write that timed out may run later.

// A redis-server of this file's own, stopped and started by the test.
const at = useTokenCacheRedis();

describe('RedisDelegationCutoffStore while Redis is down', () => {
  it('rejects endDelegation with a StoreUnavailableError saying the cut-off may not be recorded and to call again; a call once Redis is back records it', async () => {
    const { redis, client } = at;
    const cutoffStore = new RedisDelegationCutoffStore({ client, prefix: 'down:', timeoutMs: 500 });
    await redis.stop();
    const error = await endDelegation({ human: 'u-alice', cutoffStore }).catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      operation: 'cutoff',
      message: expect.stringMatching(
        /^The delegation cut-off may not be recorded .*still accepted\. Call endDelegation again/,
      ),
    });
    // What Redis did is kept, for the operator.
    expect((error as Error).message).toMatch(/Redis (did not answer|failed)/);

    await redis.start(); // same port, empty: persistence is off
    // The call again, with a timeout that does not race the client's reconnection.
    const again = cutoffStoreFor(client, { prefix: 'down:' });
    await eventually(async () => {
      await endDelegation({ human: 'u-alice', cutoffStore: again });
      return true;
    });
    expect(await again.cutoffOf('u-alice')).toBeTypeOf('number');
  }, 120_000);
});

describe('RedisDelegationCutoffStore while Redis holds writes (CLIENT PAUSE WRITE, as during a failover)', () => {
  it('does not claim the cut-off was NOT recorded: the timed-out write may run later, and here it does', async () => {
    const { client } = at;
    const cutoffStore = new RedisDelegationCutoffStore({ client, prefix: 'held:', timeoutMs: 300 });
    await cutoffStore.cutoffOf('u-bob'); // the eviction policy checked: what times out is the write
    const probe = client.duplicate();
    probe.on('error', () => undefined);
    await probe.connect();
    await probe.sendCommand(['CLIENT', 'PAUSE', '600000', 'WRITE']);
    let error: unknown;
    try {
      error = await cutoffStore.endDelegation('u-bob', Date.now(), 60_000).catch((e: unknown) => e);
    } finally {
      await probe.sendCommand(['CLIENT', 'UNPAUSE']);
      await probe.close();
    }
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^The delegation cut-off may not be recorded .*still accepted\. Call endDelegation again/,
    );
    // Redis ran the write once it let writes through.
    expect(await cutoffStore.cutoffOf('u-bob')).toBeTypeOf('number');
  });
});
