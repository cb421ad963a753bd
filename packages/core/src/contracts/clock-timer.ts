import { MAX_TIMER_MS } from '../config/check-option.js';
import type { Clock } from './clock.js';
import { SteadyClock } from './steady-clock.js';

/**
 * The least real time, in ms, past its wait that a {@link ClockTimer} lets a clock without
 * `setTimer` stand still before it fires all the same: 5 000, so a test that holds such a clock a
 * few seconds is not overtaken by a slow machine.
 */
export const CLOCK_STILL_GRACE_MS = 5_000;

/**
 * What an owner of a {@link ClockTimer} that fired because its clock stood still
 * (`fire(true)`) says, and what to do.
 */
export const CLOCK_STOOD_STILL_ADVICE =
  'the injected clock did not move while real time ran well past the wait: give the clock a setTimer, or let its now() advance';

/**
 * Calls `fire` once, when `clock.now()` reaches `at` ({@link ClockTimer.fireAt} moves `at`). It is
 * the one timer on a `Clock` in every package: core's token-request deadline (`totalTimeoutMs`),
 * the `timeoutMs` of the client and of `@dual-auth/mcp`, and the plugin bounds of
 * `dual-auth doctor`.
 *
 * The injected clock decides when `at` is reached. A clock with a timer of its own (core's
 * `Clock.setTimer`) drives this one: a test's controlled clock fires it when moved, without wall
 * time passing. Otherwise a real timer does, and when it runs early by the clock (a test's clock
 * that has not moved) it waits again for what is left. So a deadline measured on a controlled
 * clock never fires because the machine was slow. A wait longer than a real timer can hold
 * (2^31-1 ms) is waited in turns.
 *
 * A clock that goes back (a wall clock stepped back by NTP, a VM resumed) never extends the wait
 * by its step: {@link ClockTimer.now} reads the clock without going back, and when the clock went
 * back while a real timer ran, the time that timer waited counts as passed. A step back smaller
 * than the time since the clock was last read cannot be told from a clock that ran slow: it may
 * extend the wait by that step, at most by the wait itself.
 *
 * A backstop keeps a clock without `setTimer` that stands still from holding the wait for ever.
 * Say the clock reads `t` when a real timer is set, `left` (`at - t`) before `at`: once real
 * timers have waited `left + max(left, CLOCK_STILL_GRACE_MS)` in all while `now()` still reads
 * `t`, `fire(true)` is called all the same, so that its owner can say so
 * ({@link CLOCK_STOOD_STILL_ADVICE}); `fire(false)` means the clock reached `at`. A clock that
 * moves at all starts that count again; a clock with `setTimer` never trips it.
 *
 * @example
 * const timer = new ClockTimer(clock, clock.now() + timeoutMs, () => controller.abort(error));
 * // once the answer is in:
 * timer.cancel();
 */
export class ClockTimer {
  readonly #clock: Clock;
  #at: number;
  readonly #fire: (stoodStill: boolean) => void;
  /** The pending real timer's handle; undefined when none is. */
  #handle: unknown;
  /** The pending timer of the clock's own `setTimer`; undefined when none is. */
  #clockTimer: PendingTimer | undefined;
  #unref = false;
  /** The clock's readings made never to go back: {@link ClockTimer.now}. */
  readonly #steady = new SteadyClock();
  /** When the pending real timer has waited its delay, on {@link ClockTimer.now}. */
  #end = 0;
  /** The steady clock's offset when the pending real timer was set: more once the clock went back. */
  #armedOffset = 0;
  /** The clock's (steady) reading while it stands still; NaN until a real timer is set. */
  #stillAt = Number.NaN;
  /**
   * Real ms the clock may still read {@link ClockTimer.#stillAt} before the timer fires anyway:
   * from the wait it had left then, that wait and as long again, at least the wait plus
   * {@link CLOCK_STILL_GRACE_MS}.
   */
  #stillLeft = 0;

  /**
   * Starts the timer.
   *
   * @param clock - The clock that decides when `at` is reached (core's `Clock`); its `setTimer`,
   *   when it has one, drives the timer.
   * @param at - When to call `fire`, in milliseconds on `clock`.
   * @param fire - Called once, when `clock.now()` reaches `at` (with `false`), or when the
   *   backstop finds a clock without `setTimer` stood still (with `true`).
   */
  constructor(clock: Clock, at: number, fire: (stoodStill: boolean) => void) {
    this.#clock = clock;
    this.#at = at;
    this.#fire = fire;
    this.#arm();
  }

  /**
   * The clock's time, in milliseconds, made up for any step back seen: never less than before.
   * Measure against `at` with this, not with the clock, so that a step back of the clock does not
   * move what the timer waits for.
   */
  now(): number {
    return this.#steady.read(this.#clock.now());
  }

  /**
   * Calls `fire` when the clock reaches `at` instead (once more, after it fired). A later `at`
   * reuses the pending timer, which finds it early and waits again for what is left.
   */
  fireAt(at: number): void {
    const pending = this.#handle !== undefined || this.#clockTimer !== undefined;
    const pendingFiresBefore = pending && this.#at <= at;
    this.#at = at;
    if (pendingFiresBefore) return;
    this.#arm();
  }

  /** Stops the timer; `fire` is not called. */
  cancel(): void {
    const handle = this.#handle;
    if (handle !== undefined) {
      this.#handle = undefined;
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    }
    const pending = this.#clockTimer;
    this.#clockTimer = undefined;
    pending?.cancel();
  }

  /**
   * Keeps the pending real timer from holding the runtime open (where the runtime allows it); a
   * clock's own timer holds nothing open.
   */
  unref(): void {
    this.#unref = true;
    unrefTimer(this.#handle);
  }

  #arm(): void {
    this.cancel();
    const clock = this.#clock;
    if (typeof clock.setTimer === 'function') {
      const pending: PendingTimer = { cancel: () => {} };
      this.#clockTimer = pending;
      const check = (): void => {
        // A timer cancelled or replaced since it was set has no say.
        if (this.#clockTimer !== pending) return;
        this.#clockTimer = undefined;
        this.#due();
      };
      // It may fire at once, inside setTimer: then nothing is left to cancel.
      const cancel = clock.setTimer(this.#at - this.#steady.offset, check);
      if (this.#clockTimer === pending) pending.cancel = cancel;
      return;
    }
    // A real timer needs no check of its own: clearTimeout stops it for good. One callback per
    // ClockTimer rather than per arming: a call arms it once, on the path of every API call.
    const now = this.now();
    const left = this.#at - now;
    if (now !== this.#stillAt) {
      this.#stillAt = now;
      this.#stillLeft = left + Math.max(left, CLOCK_STILL_GRACE_MS);
    }
    const delay = Math.min(Math.max(0, Math.min(left, this.#stillLeft)), MAX_TIMER_MS);
    this.#end = now + delay;
    this.#armedOffset = this.#steady.offset;
    this.#handle = setTimeout(this.#due, delay);
    if (this.#unref) unrefTimer(this.#handle);
  }

  /** A pending timer fired: `fire` when the clock has reached `at`, else wait for what is left. */
  readonly #due = (): void => {
    this.#handle = undefined;
    let now = this.now();
    // The clock went back while the real timer waited: the wait it timed has passed all the same.
    if (this.#steady.offset > this.#armedOffset) now = this.#steady.skipTo(this.#end);
    const reached = now >= this.#at;
    const still = !reached && now === this.#stillAt;
    // setTimeout waits at least 1 ms, however short the delay asked.
    if (still) this.#stillLeft -= Math.max(1, this.#end - now);
    if (reached || (still && this.#stillLeft <= 0)) {
      this.#fire(still);
    } else this.#arm();
  };
}

/** A timer {@link ClockTimer} set on the clock's `setTimer`. */
interface PendingTimer {
  cancel(): void;
}

// Node and Bun return a Timeout whose unref() lets the runtime exit; other runtimes return an id.
function unrefTimer(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}
