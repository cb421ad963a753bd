import { afterEach, expect, it, vi } from 'vitest';
import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import { startDeadline } from './deadline.js';

// A clock that moves only when told and offers its own timers, as a test's controlled clock does:
// a timer due by the time `advance` reaches fires then, with no wall time passing.
function steppedClock(start = 1_000_000) {
  let now = start;
  let timers: { atMs: number; fire: () => void }[] = [];
  const clock: Clock & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    setTimer(atMs, fire) {
      const timer = { atMs, fire };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.atMs <= now);
      timers = timers.filter((t) => t.atMs > now);
      for (const t of due) t.fire();
    },
    pending: () => timers.length,
  };
  return clock;
}

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
  expect(clock.pending()).toBe(1);
  deadline.dispose();
  expect(clock.pending()).toBe(0);
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
