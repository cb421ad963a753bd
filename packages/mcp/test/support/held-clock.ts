import type { Clock } from '@dual-auth/core';

/** A clock that stands still until `advance`, which fires its timers (`setTimer`) due by then. */
export function heldClock(): Clock & { advance(ms: number): void } {
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
