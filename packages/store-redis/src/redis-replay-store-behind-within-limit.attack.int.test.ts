import { StoreUnavailableError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { eventually, redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (wave34/reviewc: two instances whose clocks differ within maxClockSkewMs): a claim lives
// until its credential's expiry + 15 s on Redis's clock. An instance whose clock runs 4 minutes
// behind Redis's (within the default 5-minute allowance, so not refused) still accepts the
// credential for 4 minutes after that: it took the same jti again as a first use, a replay
// admitted. Past the claim's expiry + 15 s on Redis's clock, with no claim found, the store must
// refuse to decide (an earlier claim may have expired), naming the clocks, never the jti.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

const FORMS = [
  ['an unbound claim', {}, {}],
  ['a claim in a partition', { partition: 'finance-agent' }, { partition: 'finance-agent' }],
  ['a bound claim', { binding: 'first-digest' }, { binding: 'replayed-digest' }],
] as const;

describe('attack: a replay at an instance whose clock runs behind Redis, within maxClockSkewMs', () => {
  it.each(FORMS)(
    '%s taken by a synced instance is not taken again by one 4 minutes behind once Redis dropped it',
    async (_, first, again) => {
      const prefix = `behind-${crypto.randomUUID()}:`;
      const synced = replayStoreFor(client, { prefix, clock: { now: () => Date.now() } });
      const behind = replayStoreFor(client, { prefix, clock: { now: () => Date.now() - 240_000 } });
      const jti = `jti-${crypto.randomUUID()}`;
      // Accepted by the synced instance within the verifiers' 15 s tolerance past its expiry; its
      // claim lives 3 s on Redis's clock (room for a slow round trip on a loaded machine).
      const expiresAt = Date.now() - 12_000;
      expect(await synced.claim(jti, expiresAt, first)).toBe(true);
      await eventually(async () => (await client.keys(`${prefix}replay:*`)).length === 0);
      // The instance 4 minutes behind still takes the credential for live: its claim must not win.
      const error = await rejection(behind.claim(jti, expiresAt, again));
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      const refusal = error as StoreUnavailableError;
      expect(refusal.reason).toBe('clock_skew');
      expect(refusal.operation).toBe('claim');
      expect(refusal.message).toMatch(/runs 24\d s behind Redis's \(TIME\)/);
      expect(refusal.message).toContain('NTP');
      expect(refusal.message).not.toContain(jti);
    },
  );

  it('still takes a first use at its very expiry from a synced instance', async () => {
    const store = replayStoreFor(client, { prefix: `synced-${crypto.randomUUID()}:` });
    expect(await store.claim(`jti-${crypto.randomUUID()}`, Date.now())).toBe(true);
  });
});
