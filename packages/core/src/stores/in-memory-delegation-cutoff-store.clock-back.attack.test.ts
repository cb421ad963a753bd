import { expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from './in-memory-delegation-cutoff-store.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

// Attack (Session 33 review): the store forgets a cut-off once its clock reads past the keep. A
// clock that jumps ahead by more than the keep (a day by default) sweeps every cut-off; set right,
// the credentials minted before those logouts verify again and nothing says they were ended.
// Rule: a cut-off forgotten by a reading later than the current one may still be live, so a
// human without a kept cut-off is undecided (StoreUnavailableError: the caller refuses) until the
// clock passes the latest expiry the store forgot. In normal running nothing is forgotten before
// it expired by the current reading, so nothing is ever undecided.

const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-12-05T12:00:00Z');

it('a clock jumped two days ahead and set right: the ended delegation stays ended (undecided, never open)', async () => {
  let nowMs = T0;
  const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
  await store.endDelegation('u-alice', T0, DAY_MS);
  nowMs += 2 * DAY_MS; // the clock jumps ahead: the next call sweeps alice's cut-off
  await store.endDelegation('u-bob', nowMs, DAY_MS);
  nowMs = T0 + 60_000; // set right a minute after alice logged out
  // Before the fix: undefined, alice's credentials minted before her logout accepted again.
  const read = await store.cutoffOf('u-alice').catch((error: unknown) => error);
  expect(StoreUnavailableError.isInstance(read)).toBe(true);
  expect((read as Error).message).toMatch(/clock went back.*NTP/);
  expect(read).toMatchObject({ operation: 'cutoff', reason: 'clock_went_back' });
  expect(await store.cutoffOf('u-bob')).toBe(T0 + 2 * DAY_MS); // held: still answered
  nowMs = T0 + DAY_MS; // the clock passes what was forgotten: decided again
  expect(await store.cutoffOf('u-alice')).toBeUndefined();
});

it('a clock jumped ahead and set right: a cut-off forgotten by cutoffOf itself is undecided too', async () => {
  let nowMs = T0;
  const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
  await store.endDelegation('u-alice', T0, DAY_MS);
  nowMs += 2 * DAY_MS;
  expect(await store.cutoffOf('u-alice')).toBeUndefined(); // expired by this reading: forgotten
  nowMs = T0 + 60_000;
  await expect(store.cutoffOf('u-alice')).rejects.toThrow(/clock went back/);
});

it('a clock that goes back without anything forgotten answers as before', async () => {
  let nowMs = T0;
  const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
  await store.endDelegation('u-alice', T0, DAY_MS);
  nowMs += 60_000;
  expect(await store.cutoffOf('u-bob')).toBeUndefined();
  nowMs -= 120_000;
  expect(await store.cutoffOf('u-alice')).toBe(T0);
  expect(await store.cutoffOf('u-bob')).toBeUndefined();
});
