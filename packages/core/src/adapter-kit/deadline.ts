import type { Clock } from '../contracts/clock.js';
import { ClockTimer } from '../contracts/clock-timer.js';

/** The end of a whole operation, shared by its attempts and the waits between them. */
export interface Deadline {
  /** Aborts at the deadline (with {@link Deadline.reason}) or with the caller's signal. */
  readonly signal: AbortSignal;
  /** When the deadline passes, in milliseconds by the clock. */
  readonly endsAt: number;
  /** The abort reason when the deadline passes. */
  readonly reason: Error;
  /** Milliseconds left by the clock; 0 or less once passed. */
  remainingMs(): number;
  /** True when `signal` aborted because the deadline passed (not because the caller aborted). */
  expired(): boolean;
  /** Stops the timer and lets go of the caller's signal. */
  dispose(): void;
}

/**
 * Starts a deadline `totalMs` from now: a timer that aborts {@link Deadline.signal}, which also
 * follows the caller's `signal`. The timer is a `ClockTimer`: the clock's own
 * ({@link Clock.setTimer}) when it offers one, so a test with a controlled clock sees the deadline
 * pass when it moves the clock, without waiting for it; else a real timer, which waits again while
 * the clock has not reached the end (a clock that has not moved, a deadline past 2^31-1 ms). The
 * clock also measures what is left for planning waits.
 */
export function startDeadline(totalMs: number, clock: Clock, signal?: AbortSignal): Deadline {
  const controller = new AbortController();
  const reason = new Error(`total timeout of ${totalMs} ms passed`);
  const end = clock.now() + totalMs;
  const timer = new ClockTimer(clock, end, () => controller.abort(reason));
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    endsAt: end,
    reason,
    remainingMs: () => end - clock.now(),
    expired: () => controller.signal.aborted && controller.signal.reason === reason,
    dispose() {
      timer.cancel();
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
