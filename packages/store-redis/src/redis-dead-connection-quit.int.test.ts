import { once } from 'node:events';
import { type LocalRedis, startRedisServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisClient } from './index.js';

// The watchdog stopped on close() and destroy() only. node-redis's quit() and disconnect()
// (deprecated, still called by older shutdown code) left it probing every tick for the rest of
// the process, a timer holding the client it let go of (review, wave 27).

let redis: LocalRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.close());

// deadConnectionAfterMs / 2: the delay of the watchdog's probe timer, told apart from others.
const DEAD_AFTER_MS = 246;
const PROBE_MS = DEAD_AFTER_MS / 2;

describe('a client ended with quit() or disconnect()', () => {
  for (const how of ['quit', 'disconnect'] as const) {
    it(`is no longer probed after ${how}()`, async () => {
      const client = createRedisClient({ url: redis.url, deadConnectionAfterMs: DEAD_AFTER_MS });
      if (!client.isReady) await once(client, 'ready');
      const timers = vi.spyOn(globalThis, 'setTimeout');
      try {
        await client[how]();
        const probesBefore = timers.mock.calls.filter(([, ms]) => ms === PROBE_MS).length;
        // Several probe periods of real time: a watchdog still running sets its timer again each.
        await new Promise((done) => setTimeout(done, PROBE_MS * 5));
        const probes = timers.mock.calls.filter(([, ms]) => ms === PROBE_MS).length;
        expect(probes - probesBefore).toBe(0);
      } finally {
        timers.mockRestore();
        if (client.isOpen) client.destroy();
      }
    });
  }
});
