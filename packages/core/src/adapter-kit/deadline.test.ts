import { afterEach, expect, it, vi } from 'vitest';
import { steppedClock } from '../../test/stepped-clock.js';
import { systemClock } from '../contracts/clock.js';
import { startDeadline } from './deadline.js';

afterEach(() => {
  vi.useRealTimers();
});

it('fires by the injected clock: moving the clock past the end aborts, no wall time passing', () => {
  const clock = steppedClock();
  const deadline = startDeadline(30_000, clock);
  expect(deadline.endsAt).toBe(1_030_000);
  clock.advance(29_999);
  expect(deadline.signal.aborted).toBe(false);
  clock.advance(1);
  expect(deadline.signal.aborted).toBe(true);
  expect(deadline.signal.reason).toBe(deadline.reason);
  expect(deadline.expired()).toBe(true);
  expect(deadline.remainingMs()).toBe(0);
});

it("dispose cancels the clock's timer: a later move aborts nothing", () => {
  const clock = steppedClock();
  const deadline = startDeadline(1_000, clock);
  expect(clock.pendingTimers()).toBe(1);
  deadline.dispose();
  expect(clock.pendingTimers()).toBe(0);
  clock.advance(5_000);
  expect(deadline.signal.aborted).toBe(false);
});

it("the caller's signal aborts it first: not expired", () => {
  const clock = steppedClock();
  const caller = new AbortController();
  const deadline = startDeadline(1_000, clock, caller.signal);
  const why = new Error('caller gave up');
  caller.abort(why);
  expect(deadline.signal.reason).toBe(why);
  expect(deadline.expired()).toBe(false);
  deadline.dispose();
});

it('a clock without timers (the system clock) keeps a real timer', () => {
  vi.useFakeTimers();
  const deadline = startDeadline(2_000, systemClock);
  vi.advanceTimersByTime(1_999);
  expect(deadline.signal.aborted).toBe(false);
  vi.advanceTimersByTime(1);
  expect(deadline.expired()).toBe(true);
  deadline.dispose();
});

it('a dispose before a real timer fires clears it', () => {
  vi.useFakeTimers();
  const deadline = startDeadline(2_000, { now: () => Date.now() });
  deadline.dispose();
  expect(vi.getTimerCount()).toBe(0);
});

// Session 37 (wave37/twins): the deadline's real timer was setTimeout capped at 2^31-1 ms with no
// second look at the clock, so a deadline past that delay aborted early, and a clock without
// timers of its own that had not moved (a test's) saw its deadline pass by the machine's time.
it('a deadline beyond 2^31-1 ms passes at its end, not at setTimeout’s longest delay', () => {
  vi.useFakeTimers();
  const deadline = startDeadline(2 ** 31 + 60_000, systemClock);
  vi.advanceTimersByTime(2 ** 31 - 1);
  expect(deadline.signal.aborted).toBe(false);
  vi.advanceTimersByTime(60_001);
  expect(deadline.expired()).toBe(true);
  deadline.dispose();
});

it('a clock without timers that has not moved: the deadline waits for the clock, not the machine', () => {
  vi.useFakeTimers();
  let now = 1_000_000;
  const deadline = startDeadline(2_000, { now: () => now });
  vi.advanceTimersByTime(5_000); // the machine's time passes, the clock's does not
  expect(deadline.signal.aborted).toBe(false);
  now += 2_000;
  vi.advanceTimersByTime(2_000);
  expect(deadline.expired()).toBe(true);
  deadline.dispose();
});
