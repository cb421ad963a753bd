import type { Clock } from '../contracts/clock.js';

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

// setTimeout refuses delays above 2^31-1 ms.
const MAX_DELAY = 2_147_483_647;

// The clock's own timer when it offers one (a test's controlled clock fires it when moved), else
// a real one; returns its cancel.
function timerOn(clock: Clock, atMs: number, fire: () => void): () => void {
  if (typeof clock.setTimer === 'function') return clock.setTimer(atMs, fire);
  const handle = setTimeout(fire, Math.min(Math.max(atMs - clock.now(), 0), MAX_DELAY));
  return () => clearTimeout(handle);
}

/**
 * Starts a deadline `totalMs` from now: a timer that aborts {@link Deadline.signal}, which also
 * follows the caller's `signal`. The timer is the clock's own ({@link Clock.setTimer}) when it
 * offers one, so a test with a controlled clock sees the deadline pass when it moves the clock,
 * without waiting for it; the real clock runs a real timer. The clock also measures what is left
 * for planning waits.
 */
export function startDeadline(totalMs: number, clock: Clock, signal?: AbortSignal): Deadline {
  const controller = new AbortController();
  const reason = new Error(`total timeout of ${totalMs} ms passed`);
  const end = clock.now() + totalMs;
  const cancel = timerOn(clock, end, () => controller.abort(reason));
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
      cancel();
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
