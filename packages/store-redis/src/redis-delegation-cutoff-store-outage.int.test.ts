import { StoreUnavailableError } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { useTokenCacheRedis } from '../test/support/token-cache-scenario.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';

// A "sign out everywhere" during a Redis outage: the caller must learn that the human is NOT cut
// off (credentials issued before are still accepted) and what to do, not only that Redis was slow.

// A redis-server of this file's own, stopped and started by the test.
const at = useTokenCacheRedis();

describe('RedisDelegationCutoffStore while Redis is down', () => {
  it('rejects endDelegation with a StoreUnavailableError saying the cut-off was not recorded and to call again; a call once Redis is back records it', async () => {
    const { redis, client } = at;
    const cutoffStore = new RedisDelegationCutoffStore({ client, prefix: 'down:', timeoutMs: 500 });
    await redis.stop();
    const error = await endDelegation({ human: 'u-alice', cutoffStore }).catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      operation: 'cutoff',
      message: expect.stringMatching(
        /^The delegation cut-off was NOT recorded: .*still accepted\. Call endDelegation again/,
      ),
    });
    // What Redis did is kept, for the operator.
    expect((error as Error).message).toMatch(/Redis (did not answer|failed)/);

    await redis.start(); // same port, empty: persistence is off
    // The call again, with a timeout that does not race the client's reconnection.
    const again = new RedisDelegationCutoffStore({ client, prefix: 'down:', timeoutMs: 30_000 });
    await eventually(async () => {
      await endDelegation({ human: 'u-alice', cutoffStore: again });
      return true;
    });
    expect(await again.cutoffOf('u-alice')).toBeTypeOf('number');
  }, 120_000);
});
