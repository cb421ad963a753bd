import { ReplayStoreFullError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { eventually, redisPerFile } from '../test/support/redis-client.js';
import { FAR_CLOCK_ALLOWANCE_MS, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (lock-out after a clock jump set right): an instance's clock jumps an hour ahead (a
// resumed VM, a bad NTP answer) and is set right. Redis's clock never moved, so it still holds
// every claim it may be asked about; before, the store counted the step back as an hour lost for
// good and refused every fresh credential living less than an hour, until the process restarted.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

describe.each([
  ['unpartitioned', {}],
  ['partitioned', { partition: 'app' }],
] as const)(
  'attack: an instance clock jumped an hour ahead, then set right (%s)',
  (name, options) => {
    it('accepts fresh credentials once, as before the jump, and still refuses their replay', async () => {
      let offsetMs = 0;
      const clock = { now: () => Date.now() + offsetMs };
      const store = replayStoreFor(client, {
        prefix: `clockjump-${name}:`,
        clock,
        maxClockSkewMs: FAR_CLOCK_ALLOWANCE_MS,
      });
      expect(await store.claim('jti-before', clock.now() + 300_000, options)).toBe(true);
      offsetMs = 3_600_000; // the jump: a claim reads the fast clock
      expect(await store.claim('jti-fast', clock.now() + 300_000, options)).toBe(true);
      offsetMs = 0; // set right
      for (const [jti, afterMs] of [
        ['jti-right', 0],
        ['jti-two-hours-on', 7_200_000],
      ] as const) {
        offsetMs = afterMs;
        const expiresAt = clock.now() + 300_000;
        // Before: ClockWentBackError ("clock went back further than a claim's 15 s margin").
        expect(await store.claim(jti, expiresAt, options)).toBe(true);
        expect(await store.claim(jti, expiresAt, options)).toBe(false);
      }
    }, 30_000);

    it('still refuses, as undecided, a claim Redis dropped once the clock went back', async () => {
      const prefix = `clockjump-dropped-${name}:`;
      let offsetMs = 0;
      const store = replayStoreFor(client, { prefix, clock: { now: () => Date.now() + offsetMs } });
      const expiresAt = Date.now() - 14_900; // Redis keeps its claim ~100 ms
      expect(await store.claim('jti-seen', expiresAt, options)).toBe(true);
      await eventually(async () => (await client.keys(`${prefix}*jti-seen*`)).length === 0);
      expect(await store.claim('jti-other', Date.now() + 60_000, options)).toBe(true);
      offsetMs = -60_000;
      const replay = await store.claim('jti-seen', expiresAt, options).catch((error) => error);
      expect(ReplayStoreFullError.isInstance(replay)).toBe(true);
      expect((replay as Error).message).toMatch(/clock went back/);
    }, 30_000);
  },
);
