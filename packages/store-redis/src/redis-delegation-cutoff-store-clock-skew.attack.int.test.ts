import { type LogFields, type Logger, StoreUnavailableError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from './clock-skew.js';
import type { StoreRedisClient } from './index.js';

// Attack (session 34, an ended delegation served again): a cut-off's key expires `keepMs` after
// it was written, on Redis's clock, while each API process judges a credential by its own clock.
// A process whose clock ran an hour behind Redis's (or was stepped back an hour) read "no cut-off"
// once the key had expired, while by its clock the act JWTs and access tokens issued before the
// cut-off still lived for that hour: the ended delegation worked again there. Past
// `maxClockSkewMs` the read must refuse to decide; within it, the key must outlive `keepMs` by the
// allowance, so a reader that far behind still finds it.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

const HOUR_MS = 3_600_000;

/** A cut-off written by a process with a right clock, under a prefix of its own. */
async function endedDelegation(keepMs: number): Promise<{ prefix: string; key: string }> {
  const prefix = `skewcut-${crypto.randomUUID()}:`;
  await cutoffStoreFor(client, { prefix }).endDelegation('u-alice', Date.now(), keepMs);
  const [key] = await client.keys(`${prefix}*cutoff*`);
  return { prefix, key: key as string };
}

/** A logger that keeps each line (level, event, fields), to assert what an operator reads. */
function recording(): { logger: Logger; lines: [string, string, LogFields | undefined][] } {
  const lines: [string, string, LogFields | undefined][] = [];
  const at =
    (level: string) =>
    (event: string, fields?: LogFields): void => {
      lines.push([level, event, fields]);
    };
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('attack: a cut-off read by a process whose clock is far off Redis TIME', () => {
  it.each([
    ['an hour behind (or stepped back an hour)', -HOUR_MS, /runs 3600 s behind Redis's/],
    ['an hour ahead', HOUR_MS, /runs 3600 s ahead of Redis's/],
  ])('a reader %s refuses to decide once the key expired on Redis', async (_, offMs, said) => {
    const { prefix, key } = await endedDelegation(60_000);
    // As Redis does once keepMs has passed by its clock (the reader's clock says it has not).
    await client.del(key);
    const reader = cutoffStoreFor(client, { prefix, clock: { now: () => Date.now() + offMs } });
    const error = await rejection(reader.cutoffOf('u-alice'));
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    const refusal = error as StoreUnavailableError;
    expect(refusal.reason).toBe('clock_skew');
    expect(refusal.operation).toBe('cutoff');
    expect(refusal.message).toMatch(said);
    expect(refusal.message).toContain('NTP');
    expect(refusal.message).not.toContain('u-alice');
  });

  it('a reader stepped back an hour between two reads refuses the second', async () => {
    const { prefix } = await endedDelegation(60_000);
    let offMs = 0;
    const reader = cutoffStoreFor(client, { prefix, clock: { now: () => Date.now() + offMs } });
    expect(await reader.cutoffOf('u-alice')).toBeTypeOf('number');
    offMs = -HOUR_MS;
    const error = await rejection(reader.cutoffOf('u-alice'));
    expect((error as StoreUnavailableError).reason).toBe('clock_skew');
  });

  it('keeps the cut-off keepMs + maxClockSkewMs, so a reader that far behind still finds it', async () => {
    const { prefix, key } = await endedDelegation(60_000);
    expect(await client.pTTL(key)).toBeGreaterThan(DEFAULT_MAX_CLOCK_SKEW_MS);
    const behind = cutoffStoreFor(client, {
      prefix,
      clock: { now: () => Date.now() - (DEFAULT_MAX_CLOCK_SKEW_MS - 60_000) },
    });
    expect(await behind.cutoffOf('u-alice')).toBeTypeOf('number');
  });

  it('records a cut-off from a writer an hour fast, at its own (later) time: a kill switch is never refused', async () => {
    const prefix = `fastwriter-${crypto.randomUUID()}:`;
    const fast = cutoffStoreFor(client, { prefix, clock: { now: () => Date.now() + HOUR_MS } });
    const cutoffMs = Date.now() + HOUR_MS;
    await fast.endDelegation('u-alice', cutoffMs, 60_000);
    expect(await cutoffStoreFor(client, { prefix }).cutoffOf('u-alice')).toBe(cutoffMs);
  });

  it.each([
    ['an hour fast', HOUR_MS, 3600],
    ['an hour slow', -HOUR_MS, -3600],
  ])(
    'a writer %s records the cut-off and warns once, in whole seconds, naming no human',
    async (_, offMs, skewSeconds) => {
      const prefix = `skewwriter-${crypto.randomUUID()}:`;
      const { logger, lines } = recording();
      const writer = cutoffStoreFor(client, {
        prefix,
        logger,
        clock: { now: () => Date.now() + offMs },
      });
      await writer.endDelegation('u-alice', Date.now() + offMs, 60_000);
      expect(await cutoffStoreFor(client, { prefix }).cutoffOf('u-alice')).toBeTypeOf('number');
      expect(lines).toEqual([
        [
          'warn',
          'redis_clock_skew',
          { store: 'RedisDelegationCutoffStore', skew_seconds: expect.any(Number) },
        ],
      ]);
      // Whole seconds, read beside Redis's TIME: a loaded machine's round trip may move it a bit.
      const logged = lines[0]?.[2]?.skew_seconds as number;
      expect(Number.isInteger(logged)).toBe(true);
      expect(Math.abs(logged - skewSeconds)).toBeLessThanOrEqual(5);
    },
  );

  it('a writer within maxClockSkewMs logs nothing', async () => {
    const { logger, lines } = recording();
    const writer = cutoffStoreFor(client, {
      prefix: `nearwriter-${crypto.randomUUID()}:`,
      logger,
      clock: { now: () => Date.now() + DEFAULT_MAX_CLOCK_SKEW_MS - 60_000 },
    });
    await writer.endDelegation('u-alice', Date.now(), 60_000);
    expect(lines).toEqual([]);
  });

  it('honours an explicit allowance: a reader a day behind reads the cut-off', async () => {
    const { prefix } = await endedDelegation(60_000);
    const reader = cutoffStoreFor(client, {
      prefix,
      clock: { now: () => Date.now() - 24 * HOUR_MS },
      maxClockSkewMs: 25 * HOUR_MS,
    });
    expect(await reader.cutoffOf('u-alice')).toBeTypeOf('number');
  });
});
