import {
  InMemoryReplayStore,
  type ReplayStore,
  ReplayStoreFullError,
  StoreUnavailableError,
} from '@dual-auth/core';
import { expect, it } from 'vitest';
import { claimFirstUse } from './claim-first-use.js';

// A claim refused because the store's clock went back is not a capacity problem: the hint must
// send the operator to the host's clock, not to maxEntries.

const T0 = Date.parse('2026-12-05T12:00:00Z');

it('a store whose clock went back: the refusal names the clock, not maxEntries', async () => {
  let nowMs = T0;
  const store = new InMemoryReplayStore({ clock: { now: () => nowMs } });
  expect(await claimFirstUse('act_assertion', store, 'a', T0 + 1_000, {}, undefined)).toBe(true);
  nowMs += 1_500;
  // Sweeps 'a', expired by now.
  expect(await claimFirstUse('act_assertion', store, 'b', T0 + 60_000, {}, undefined)).toBe(true);
  nowMs -= 2_000; // the clock stepped back: 'a' would verify again
  const refused = claimFirstUse('act_assertion', store, 'a', T0 + 1_000, {}, undefined);
  await expect(refused).rejects.toMatchObject({ reason: 'replay_store_unavailable' });
  const { message } = (await refused.catch((error: unknown) => error)) as Error;
  expect(message).toMatch(/clock went back/);
  expect(message).toMatch(/NTP/);
  expect(message).not.toMatch(/maxEntries|is full/);
});

it('a store whose share is full: the refusal still says to raise maxEntries', async () => {
  const store = new InMemoryReplayStore({ maxEntries: 1, clock: { now: () => T0 } });
  await claimFirstUse('act_assertion', store, 'a', T0 + 60_000, {}, undefined);
  await claimFirstUse('act_assertion', store, 'b', T0 + 30_000, {}, undefined);
  const refused = claimFirstUse('act_assertion', store, 'c', T0 + 10_000, {}, undefined);
  await expect(refused).rejects.toThrow(/is full for this agent \(raise its maxEntries/);
});

it('a ReplayStoreFullError of another store (no reason): the capacity hint, as before', async () => {
  const store = { claim: () => Promise.reject(new ReplayStoreFullError(5)) };
  await expect(claimFirstUse('dpop_proof', store, 'a', T0, {}, undefined)).rejects.toThrow(
    /is full for this agent/,
  );
});

it("a store whose clock is too far off this process's: the refusal names the clocks (NTP), not an outage", async () => {
  const store: ReplayStore = {
    claim: () =>
      Promise.reject(
        new StoreUnavailableError('claim', "This process's clock runs 600 s ahead of Redis's", {
          reason: 'clock_skew',
        }),
      ),
  };
  const refused = claimFirstUse('act_assertion', store, 'a', T0 + 1_000, {}, undefined);
  await expect(refused).rejects.toMatchObject({ reason: 'replay_store_unavailable' });
  const { message } = (await refused.catch((error: unknown) => error)) as Error;
  expect(message).toMatch(/clock.*differ.*NTP/);
  expect(message).not.toMatch(/did not answer/);
});
