import { type Clock, systemClock } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { pluginTimeoutOf, settleWithin } from './plugin-deadline.js';

afterEach(() => {
  vi.useRealTimers();
});

const never = new Promise<never>(() => {});

/** How `settleWithin(never, ms, clock)` has ended so far: undefined while it waits. */
function waiting(ms: number, clock: Clock): { readonly error: unknown } {
  const state: { error: unknown } = { error: undefined };
  settleWithin(never, ms, clock, () => new Error(`late after ${ms} ms`)).catch((error) => {
    state.error = error;
  });
  return state;
}

it('answers with the work when it settles first, and leaves no timer behind', async () => {
  vi.useFakeTimers();
  await expect(
    settleWithin(Promise.resolve(7), 1_000, systemClock, () => new Error()),
  ).resolves.toBe(7);
  expect(vi.getTimerCount()).toBe(0);
});

// Session 37 (wave37/twins): its real timer was setTimeout capped at 2^31-1 ms, with no second look
// at the clock: the doctor's `--timeout-ms` + `--plugin-timeout-ms` past that delay blamed the
// adapter plugin at 2^31-1 ms, and a clock without timers of its own that had not moved was ignored.
it('a bound beyond 2^31-1 ms ends at its end, not at setTimeout’s longest delay', async () => {
  vi.useFakeTimers();
  const state = waiting(2 ** 31 + 60_000, systemClock);
  await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
  expect(state.error).toBeUndefined();
  await vi.advanceTimersByTimeAsync(60_001);
  expect(state.error).toEqual(new Error(`late after ${2 ** 31 + 60_000} ms`));
  expect(pluginTimeoutOf(new Error('wrapped', { cause: state.error }))).toBe(state.error);
});

it('a clock without timers that has not moved: the bound waits for the clock, not the machine', async () => {
  vi.useFakeTimers();
  let now = 1_000_000;
  const state = waiting(1_000, { now: () => now });
  await vi.advanceTimersByTimeAsync(5_000); // the machine's time passes, the clock's does not
  expect(state.error).toBeUndefined();
  now += 1_000;
  await vi.advanceTimersByTimeAsync(1_000);
  expect(state.error).toEqual(new Error('late after 1000 ms'));
});
