import { StoreUnavailableError } from '@dual-auth/core';
import type { LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { whenAnswered } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';
import { RedisReplayStore } from './redis-replay-store.js';

// journey13: three API processes beside a CPU hog answered 503 cutoff_store_unavailable for 6 %
// of requests while Redis was healthy. A process whose event loop was busy past `timeoutMs` ran
// the deadline timer before reading Redis's answer, which was already in its socket.
// The stores here wait 200 ms for Redis, which a healthy Redis can miss on a busy machine: the
// calls before and after the step under test go through whenAnswered.

let redis: LocalRedis;
let client: StoreRedisClient;

redisPerFile((started) => ({ redis, client } = started));

/** Blocks this thread, as a long synchronous task (a CPU-bound handler, a GC pause) does. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Sends `operation` while Redis is paused, lets it answer while this process's event loop is
 * blocked past the store's deadline, then lets the loop go on.
 */
async function answeredWhileBusy<T>(operation: () => Promise<T>): Promise<T> {
  redis.pause();
  const result = operation();
  // node-redis writes on the next turn of the loop; the write waits in the socket for Redis.
  await new Promise((resolve) => setTimeout(resolve, 20));
  // Blocked from the check phase, as after a burst of requests: the next turn of the loop runs
  // its due timers before it polls the sockets.
  await new Promise((resolve) => setImmediate(resolve));
  redis.resume();
  // Redis answers within these 2 s; the store's 200 ms deadline has long passed when they end.
  blockEventLoop(2_000);
  return result;
}

describe('a deadline that passed while the event loop was busy', () => {
  it('is not an outage when Redis answered in time: a claim is decided by its answer', async () => {
    const store = new RedisReplayStore({ client, prefix: 'busy1:', timeoutMs: 200 });
    await whenAnswered(() => store.claim('warm-up', Date.now() + 60_000)); // policy checked
    const first = await answeredWhileBusy(() => store.claim('jti-1', Date.now() + 60_000));
    expect(first).toBe(true);
    expect(await whenAnswered(() => store.claim('jti-1', Date.now() + 60_000))).toBe(false);
  });

  it('is not an outage when Redis answered in time: a cut-off is read', async () => {
    const store = new RedisDelegationCutoffStore({ client, prefix: 'busy2:', timeoutMs: 200 });
    await whenAnswered(() => store.endDelegation('u-1', 2_000_000_000_000, 60_000));
    expect(await answeredWhileBusy(() => store.cutoffOf('u-1'))).toBe(2_000_000_000_000);
  });

  it('still fails closed when Redis does not answer', async () => {
    const store = new RedisReplayStore({ client, prefix: 'busy3:', timeoutMs: 200 });
    await whenAnswered(() => store.claim('warm-up', Date.now() + 60_000));
    redis.pause();
    try {
      const error = await store.claim('jti-2', Date.now() + 60_000).catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        message: expect.stringMatching(/within timeoutMs \(200 ms\)/),
      });
    } finally {
      redis.resume();
    }
  });
});
