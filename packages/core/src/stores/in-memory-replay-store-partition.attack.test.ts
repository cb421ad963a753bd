import { expect, it } from 'vitest';
import { manualClock } from '../../test/manual-clock.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';
import { ReplayStoreFullError } from './replay-store-full-error.js';

// Session 10, breaker 20 (wave10/fixb18a) found that the fail-closed memory of a full share
// (`forgottenUntil`) is per partition: once partition A forgot a live `jti` to make room, a claim
// of that `jti` under partition B was accepted, where the contract said a partition "never
// changes whether a claim is a replay". Refusing it would need either a store-wide memory of
// forgotten `jti`s (unbounded: the point of forgetting is the bound) or refusing B's claims that
// expire before A's floor (one party's flood locking out another: what partitions exist to
// prevent). The contract (ReplayClaimOptions.partition) now states the precise guarantee: the
// partition is a function of the signed credential, so a replay names the partition of its first
// claim; a remembered `jti` is a replay under every partition, a forgotten one is refused under
// its own. dual-auth's callers partition by the agent id bound into the assertion's key and by the
// act JWT's configured issuer, which its signed `iss` must equal.
it('a jti forgotten by a full partition is refused under that partition; a remembered one under any', async () => {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const store = new InMemoryReplayStore({ clock, maxEntries: 1 });
  const soon = clock.now() + 30_000;
  const later = clock.now() + 60_000;
  expect(await store.claim('victim-jti', soon, { partition: 'a' })).toBe(true);
  // A's share is full: its entry expiring first (victim-jti, still live) is forgotten.
  expect(await store.claim('next-jti', later, { partition: 'a' })).toBe(true);
  // The replay names A, the partition its credential names: the share cannot tell, so refused.
  await expect(store.claim('victim-jti', soon, { partition: 'a' })).rejects.toThrow(
    ReplayStoreFullError,
  );
  // A jti the store still remembers is a replay under every partition.
  expect(await store.claim('next-jti', later, { partition: 'b' })).toBe(false);
  expect(await store.claim('next-jti', later)).toBe(false);
});
