import { ReplayStoreFullError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { eventually, redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (replay after a clock step): Redis drops a claim on its own clock, `expiresAt` + 15 s
// after it was made. An instance whose clock is then stepped back further (NTP, a resumed VM)
// reads the credential as valid again; before, its replay found no claim and was a first use.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

describe('attack: a replay at an instance whose clock was stepped back past the 15 s margin', () => {
  it('is refused as undecided, never accepted; a credential expiring later is accepted once', async () => {
    const prefix = 'clockback:';
    let offsetMs = 0;
    const store = replayStoreFor(client, { prefix, clock: { now: () => Date.now() + offsetMs } });
    // A credential about to leave the margin: Redis keeps its claim ~100 ms.
    const expiresAt = Date.now() - 14_900;
    expect(await store.claim('jti-seen', expiresAt)).toBe(true);
    await eventually(async () => (await client.keys(`${prefix}*jti-seen*`)).length === 0);
    // Another claim meanwhile (a busy instance): the store's clock reading is past the drop.
    expect(await store.claim('jti-other', Date.now() + 60_000)).toBe(true);
    offsetMs = -60_000; // the clock is stepped back a minute: the credential verifies again
    const replay = await store.claim('jti-seen', expiresAt).catch((error: unknown) => error);
    // Before: true, the replay accepted.
    expect(ReplayStoreFullError.isInstance(replay)).toBe(true);
    expect((replay as Error).message).toMatch(/clock went back.*Check the host's clock/);
    // What the guard reads to name the clock, not maxEntries, in its refusal.
    expect(replay).toMatchObject({ reason: 'clock_went_back' });
    const later = Date.now() + offsetMs + 60_000;
    expect(await store.claim('jti-fresh', later)).toBe(true);
    expect(await store.claim('jti-fresh', later)).toBe(false);
  }, 60_000);
});
