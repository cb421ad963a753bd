import type { Clock } from '@dual-auth/core';

// setTimeout refuses delays above 2^31-1 ms.
const MAX_DELAY = 2_147_483_647;

/**
 * Calls `fire` once, when `clock.now()` reaches `at` ({@link ClockTimer.fireAt} moves it). A real
 * timer drives it but the injected clock decides: when the timer runs early by that clock (a
 * test's clock that has not moved), it waits again for what is left. So a deadline measured on a
 * controlled clock never fires because the machine was slow. `@dual-auth/mcp` times its
 * `timeoutMs` with it too.
 *
 * @example
 * const timer = new ClockTimer(clock, clock.now() + timeoutMs, () => controller.abort(error));
 * // once the answer is in:
 * timer.cancel();
 */
export class ClockTimer {
  readonly #clock: Clock;
  #at: number;
  readonly #fire: () => void;
  #handle: ReturnType<typeof setTimeout> | undefined;
  #unref = false;

  /**
   * Starts the timer.
   *
   * @param clock - The clock that decides when `at` is reached (core's `Clock`).
   * @param at - When to call `fire`, in milliseconds on `clock`.
   * @param fire - Called once, when `clock.now()` reaches `at`.
   */
  constructor(clock: Clock, at: number, fire: () => void) {
    this.#clock = clock;
    this.#at = at;
    this.#fire = fire;
    this.#arm();
  }

  /**
   * Calls `fire` when the clock reaches `at` instead (once more, after it fired). A later `at`
   * reuses the pending timer, which finds it early and waits again for what is left.
   */
  fireAt(at: number): void {
    const pendingFiresBefore = this.#handle !== undefined && this.#at <= at;
    this.#at = at;
    if (pendingFiresBefore) return;
    clearTimeout(this.#handle);
    this.#arm();
  }

  /** Stops the timer; `fire` is not called. */
  cancel(): void {
    clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  /** Keeps the pending timer from holding the runtime open (where the runtime allows it). */
  unref(): void {
    this.#unref = true;
    unrefTimer(this.#handle);
  }

  #arm(): void {
    const delay = Math.min(Math.max(0, this.#at - this.#clock.now()), MAX_DELAY);
    this.#handle = setTimeout(this.#check, delay);
    if (this.#unref) unrefTimer(this.#handle);
  }

  readonly #check = (): void => {
    if (this.#clock.now() >= this.#at) {
      this.#handle = undefined;
      this.#fire();
    } else {
      this.#arm();
    }
  };
}

// Node and Bun return a Timeout whose unref() lets the runtime exit; other runtimes return an id.
function unrefTimer(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}
