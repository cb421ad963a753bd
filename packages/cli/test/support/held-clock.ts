import type { Clock } from '@dual-auth/core';

/** A {@link Clock} that stands still until `advance`, which fires its timers then due. */
export interface HeldClock extends Clock {
  /** Moves the clock `ms` on and fires every timer due by then. */
  advance(ms: number): void;
}

/** Starts a {@link HeldClock} at 2026-01-01T00:00:00Z: a deadline passes only when a test says. */
export function heldClock(): HeldClock {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const timers = new Set<{ atMs: number; fire: () => void }>();
  return {
    now: () => now,
    setTimer(atMs, fire) {
      const timer = { atMs, fire };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      now += ms;
      for (const timer of [...timers].filter((t) => t.atMs <= now)) {
        timers.delete(timer);
        timer.fire();
      }
    },
  };
}
