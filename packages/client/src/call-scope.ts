import type { ApiCallError, Clock } from '@dual-auth/core';
import { ClockTimer } from './clock-timer.js';

/** What a {@link CallScope} needs. */
export interface CallScopeOptions {
  readonly clock: Clock;
  readonly totalTimeoutMs: number;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /** Makes the error of a passed deadline; called once, when it passes. */
  readonly deadlineError: () => ApiCallError;
}

/** The controller of one request, and the signal to send it with. */
export interface RequestAbort {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
}

/**
 * The deadline of one `callApi`, over everything it does: getting the token, every request (and
 * redirect), every wait, and reading the body of the answer it returns. Neither ky nor fetch has
 * a deadline over more than requests, so the client keeps this one.
 *
 * When the deadline passes, the current request is aborted with the deadline's {@link ApiCallError}
 * as reason, so fetch rejects with it; once the answer was returned, its body readers reject with
 * it (see `boundedResponse`) and its body stream errors with it.
 */
export class CallScope {
  /** When the call must be over, on the injected clock. */
  readonly deadlineAt: number;
  readonly #clock: Clock;
  readonly #signal: AbortSignal | undefined;
  readonly #deadlineError: () => ApiCallError;
  readonly #timer: ClockTimer;
  #request: AbortController | undefined;
  #expired: ApiCallError | undefined;
  #rejectWait: ((reason: unknown) => void) | undefined;

  constructor(options: CallScopeOptions) {
    this.#clock = options.clock;
    this.#signal = options.signal;
    this.#deadlineError = options.deadlineError;
    this.deadlineAt = options.clock.now() + options.totalTimeoutMs;
    this.#timer = new ClockTimer(options.clock, this.deadlineAt, () => this.expire());
  }

  /** Milliseconds left until the deadline, on the injected clock (0 once passed). */
  remainingMs(): number {
    return Math.max(0, this.deadlineAt - this.#clock.now());
  }

  /** The deadline's error once it passed. */
  get expired(): ApiCallError | undefined {
    return this.#expired;
  }

  /**
   * Ends the call by its deadline (once; later calls return the same error): aborts the current
   * request and any wait.
   */
  expire(): ApiCallError {
    if (this.#expired !== undefined) return this.#expired;
    this.#timer.cancel();
    const error = this.#deadlineError();
    this.#expired = error;
    this.#request?.abort(error);
    this.#rejectWait?.(error);
    return error;
  }

  /** A controller for the next request: the deadline aborts it, and its signal follows the caller's. */
  nextRequest(): RequestAbort {
    const controller = new AbortController();
    this.#request = controller;
    const signal =
      this.#signal === undefined
        ? controller.signal
        : AbortSignal.any([this.#signal, controller.signal]);
    return { controller, signal };
  }

  /**
   * Settles as `pending` does, unless the deadline passes first (rejects with its error) or the
   * caller aborts (rejects with the signal's reason).
   */
  within<T>(pending: Promise<T>): Promise<T> {
    const signal = this.#signal;
    if (this.#expired !== undefined || signal?.aborted) {
      // Its settling no longer matters, but must not surface as an unhandled rejection.
      pending.catch(() => undefined);
      return Promise.reject(this.#expired ?? signal?.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#rejectWait = reject;
      pending.then(resolve, reject).finally(() => {
        this.#rejectWait = undefined;
        signal?.removeEventListener('abort', onAbort);
      });
    });
  }

  /** True while {@link CallScope.within} waits. */
  get waiting(): boolean {
    return this.#rejectWait !== undefined;
  }

  /**
   * The answer goes back to the caller with its body still to read: the deadline's timer no
   * longer holds the runtime open.
   */
  release(): void {
    this.#timer.unref();
  }

  /** The call is over: the deadline no longer applies. */
  end(): void {
    this.#timer.cancel();
  }
}
