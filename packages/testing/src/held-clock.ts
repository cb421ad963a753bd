import type { Clock } from '@dual-auth/core';

/**
 * A {@link Clock} that stands still until the test moves it: a deadline measured on it (core's
 * adapter-kit deadline, the client's `totalTimeoutMs`, mcp's `timeoutMs`) passes only when the
 * test says, however slow the machine.
 */
export interface HeldClock extends Clock {
  /**
   * Moves the clock `ms` milliseconds on and fires every timer due by then, earliest first; a
   * timer set by one that fires runs too if it is due by then.
   *
   * @throws TypeError when `ms` is not a finite number ≥ 0 (a clock does not go back).
   */
  advance(ms: number): void;
  /** Timers set and neither fired nor cancelled: what a test checks is left waiting at its end. */
  pendingTimers(): number;
}

/** 2026-01-01T00:00:00Z, where a {@link heldClock} starts unless told otherwise. */
const DEFAULT_START_MS = Date.parse('2026-01-01T00:00:00Z');

/**
 * Starts a {@link HeldClock} at `startMs` (milliseconds since the Unix epoch; default
 * 2026-01-01T00:00:00Z). Pass it as the `clock` option of the code under test.
 *
 * @throws TypeError when `startMs` is not a finite number.
 * @example
 * ```ts
 * import { heldClock } from '@dual-auth/testing';
 *
 * const clock = heldClock();
 * let fired = false;
 * clock.setTimer?.(clock.now() + 1_000, () => {
 *   fired = true;
 * });
 * clock.advance(999); // not due yet
 * clock.advance(1); // due: fires now
 * if (!fired || clock.pendingTimers() !== 0) throw new Error('the timer should have fired once');
 * ```
 */
export function heldClock(startMs: number = DEFAULT_START_MS): HeldClock {
  if (!Number.isFinite(startMs)) {
    throw new TypeError('heldClock: startMs must be a finite number of milliseconds since 1970');
  }
  let now = startMs;
  const timers = new Set<{ readonly atMs: number; readonly fire: () => void }>();
  const nextDue = () => {
    let next: { readonly atMs: number; readonly fire: () => void } | undefined;
    for (const timer of timers) {
      if (timer.atMs <= now && (next === undefined || timer.atMs < next.atMs)) next = timer;
    }
    return next;
  };
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
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        throw new TypeError(
          'heldClock.advance: ms must be a finite number ≥ 0 (it never goes back)',
        );
      }
      now += ms;
      for (let timer = nextDue(); timer !== undefined; timer = nextDue()) {
        timers.delete(timer);
        timer.fire();
      }
    },
    pendingTimers: () => timers.size,
  };
}
