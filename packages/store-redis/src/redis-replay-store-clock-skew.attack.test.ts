import { describe, expect, it } from 'vitest';
import { eventually, redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (replay across processes, clock skew): a claim lives until `expiresAt` counted on the
// clock of the instance that claimed (`PX expiresAt - its now`). An API instance whose clock runs
// ahead of another's makes its claims expire early by the skew: the other instance, which still
// accepts the credential (its `exp` + tolerance not yet passed by its own clock), then takes the
// same `jti` as a first use, so a captured act JWT or act assertion is accepted twice. The store
// covers a skew up to the guard's default clock tolerance (15 s); a larger one is outside what the
// verifiers' tolerance assumes.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

describe('attack: the same jti at two instances whose clocks differ', () => {
  it('is a replay at the instance whose clock is behind until the credential expires by its clock', async () => {
    const prefix = 'skewreplay:';
    // As far apart as the verifiers' clock tolerance lets two instances be (the guard's default).
    const skewMs = 15_000;
    const ahead = replayStoreFor(client, {
      prefix,
      clock: { now: () => Date.now() + skewMs },
    });
    const right = replayStoreFor(client, { prefix, clock: { now: () => Date.now() } });
    // The credential's exp + tolerance, as both verifiers read it: 15 s and a bit from now.
    const expiresAt = Date.now() + skewMs + 300;
    expect(await ahead.claim('jti-1', expiresAt)).toBe(true);
    // Wait until the credential has expired by the fast clock: a claim counted on it alone is gone.
    await eventually(async () => Date.now() + skewMs > expiresAt);
    // The other instance still accepts the credential for about 15 s by its own clock, and the
    // claim lives at least that long.
    expect(expiresAt).toBeGreaterThan(Date.now());
    const [key] = await client.keys(`${prefix}replay:*`);
    expect(await client.pTTL(key as string)).toBeGreaterThanOrEqual(expiresAt - Date.now());
    expect(await right.claim('jti-1', expiresAt)).toBe(false);
  });
});
