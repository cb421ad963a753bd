import type { Clock } from '../src/contracts/clock.js';

/** A {@link steppedClock}: moved by `advance(ms)`, which fires the timers then due. */
export interface SteppedClock extends Clock {
  advance(ms: number): void;
  /** How many of its timers wait. */
  pendingTimers(): number;
}

/**
 * A clock that moves only when told and offers its own timers, as a test's controlled clock does
 * (`@dual-auth/testing`'s heldClock, which core cannot depend on): a timer due by the time
 * `advance` reaches fires then, in order of its time, with no wall time passing; a timer set by
 * one that fires fires too when already due.
 */
export function steppedClock(start = 1_000_000): SteppedClock {
  let now = start;
  const timers = new Set<{ readonly atMs: number; readonly fire: () => void }>();
  const nextDue = () => [...timers].filter((t) => t.atMs <= now).sort((a, b) => a.atMs - b.atMs)[0];
  return {
    now: () => now,
    setTimer(atMs, fire) {
      const timer = { atMs, fire };
      timers.add(timer);
      return () => {
        timers.delete(timer);
      };
    },
    advance(ms) {
      now += ms;
      for (let timer = nextDue(); timer !== undefined; timer = nextDue()) {
        timers.delete(timer);
        timer.fire();
      }
    },
    pendingTimers: () => timers.size,
  };
}
