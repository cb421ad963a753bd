import type { Clock } from '../src/contracts/clock.js';

/** A clock that moves only when told: `advance(ms)`. */
export function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}
