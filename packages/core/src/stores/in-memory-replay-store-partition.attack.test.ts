import { expect, it } from 'vitest';
import { manualClock } from '../../test/manual-clock.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';
import { ReplayStoreFullError } from './replay-store-full-error.js';

// Session 10, breaker 20 (wave10/fixb18a). `ReplayClaimOptions.partition` "never changes whether
// a claim is a replay", and the store's `jti`s are "one namespace across partitions". But the
// fail-closed memory of a full share (`forgottenUntil`) is per partition: once partition A forgot
// a live `jti` to make room, a replay of that `jti` claimed under partition B is ACCEPTED, where
// the same claim without partitions (or under A) is refused with ReplayStoreFullError. dual-auth's
// own callers are not exposed (the bound assertion's key holds the agent id it partitions by; the
// act JWT verifier partitions by its configured issuer, which the signed `iss` must equal), but a
// ReplayStore caller that partitions by anything not bound into the key (a tenant header, the
// sending IP) lets a replay through by changing the partition.
it('a jti forgotten by a full partition is not claimable afresh under another partition', async () => {
  const clock = manualClock();
  const store = new InMemoryReplayStore({ clock, maxEntries: 1 });
  const soon = clock.now() + 30_000;
  const later = clock.now() + 60_000;
  expect(await store.claim('victim-jti', soon, { partition: 'a' })).toBe(true);
  // A's share is full: its entry expiring first (victim-jti, still live) is forgotten.
  expect(await store.claim('next-jti', later, { partition: 'a' })).toBe(true);
  // Under A the replay is refused: the share cannot tell.
  await expect(store.claim('victim-jti', soon, { partition: 'a' })).rejects.toThrow(
    ReplayStoreFullError,
  );
  // Under B, the same live jti must not be a fresh claim: a replay (false) or "cannot tell".
  const underB = await store
    .claim('victim-jti', soon, { partition: 'b' })
    .catch((error: unknown) => error);
  expect(underB === false || underB instanceof ReplayStoreFullError).toBe(true);
});
