import { StoreUnavailableError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { replayStoreFor } from '../test/support/stores.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from './clock-skew.js';
import type { StoreRedisClient } from './index.js';

// Attack (a process clock far off Redis's): a claim lives by the later of the claiming process's
// clock and Redis's, capped at a year. A process whose clock runs 364 days fast (nothing tells it:
// it judges its own credentials on that clock) kept a 60 s claim 8 736 h, and such claims escaped
// `maxLongClaimsPerPartition` (they are long only by Redis's clock). Past `maxClockSkewMs` (default
// 5 minutes) the store must refuse to decide, write nothing, and say why: NTP and the difference.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

const DAY_MS = 86_400_000;
const FORMS = [
  ['an unbound claim', {}],
  ['a claim in a partition', { partition: 'finance-agent' }],
  ['a bound claim', { binding: 'token-digest' }],
] as const;

describe('attack: a claim by a process whose clock is far off Redis TIME', () => {
  it.each(FORMS)(
    '%s from a clock 364 days fast is refused, nothing written',
    async (_, options) => {
      const prefix = `fast364-${crypto.randomUUID()}:`;
      const clock = { now: () => Date.now() + 364 * DAY_MS };
      const store = replayStoreFor(client, { prefix, clock });
      const jti = `jti-${crypto.randomUUID()}`;
      const error = await rejection(store.claim(jti, clock.now() + 60_000, options));
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      const refusal = error as StoreUnavailableError;
      expect(refusal.reason).toBe('clock_skew');
      expect(refusal.operation).toBe('claim');
      // 364 days is 31 449 600 s; the message names NTP, the allowance, and never the jti.
      expect(refusal.message).toMatch(/runs 314496\d\d s ahead of Redis's \(TIME\)/);
      expect(refusal.message).toContain('NTP');
      expect(refusal.message).toContain(`maxClockSkewMs (${DEFAULT_MAX_CLOCK_SKEW_MS} ms)`);
      expect(refusal.message).not.toContain(jti);
      expect(await client.keys(`${prefix}replay:*`)).toEqual([]);
    },
  );

  it.each(FORMS)('%s from a clock 10 minutes behind is refused', async (_, options) => {
    const clock = { now: () => Date.now() - 600_000 };
    const store = replayStoreFor(client, { prefix: 'slow10:', clock });
    const error = await rejection(
      store.claim(`jti-${crypto.randomUUID()}`, clock.now() + 60_000, options),
    );
    expect((error as StoreUnavailableError).reason).toBe('clock_skew');
    expect((error as StoreUnavailableError).message).toMatch(/runs 600 s behind Redis's/);
  });

  it.each(FORMS)(
    '%s within the allowance is taken once, and lives no longer than Redis TIME + lifetime + 15 s + the allowance',
    async (_, options) => {
      const prefix = `within-${crypto.randomUUID()}:`;
      const aheadMs = 240_000;
      const clock = { now: () => Date.now() + aheadMs };
      const store = replayStoreFor(client, { prefix, clock });
      const jti = `jti-${crypto.randomUUID()}`;
      const expiresAt = clock.now() + 60_000;
      expect(await store.claim(jti, expiresAt, options)).toBe(true);
      expect(await store.claim(jti, expiresAt, { ...options, binding: 'another' })).toBe(false);
      const [key] = await client.keys(`${prefix}replay:*`);
      expect(await client.pTTL(key as string)).toBeLessThanOrEqual(
        60_000 + 15_000 + DEFAULT_MAX_CLOCK_SKEW_MS,
      );
    },
  );

  it('takes a claim from a clock a year off when the operator allows that much', async () => {
    const clock = { now: () => Date.now() + 364 * DAY_MS };
    const store = replayStoreFor(client, {
      prefix: 'allowed:',
      clock,
      maxClockSkewMs: 365 * DAY_MS,
    });
    expect(await store.claim(`jti-${crypto.randomUUID()}`, clock.now() + 60_000)).toBe(true);
  });

  it.each([0, -1, 1.5, 365 * DAY_MS + 1, '300000', Number.POSITIVE_INFINITY])(
    'refuses maxClockSkewMs %s at construction',
    (maxClockSkewMs) => {
      expect(() => replayStoreFor(client, { maxClockSkewMs: maxClockSkewMs as number })).toThrow(
        /maxClockSkewMs/,
      );
    },
  );
});
