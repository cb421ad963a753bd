import { type ApiCallError, type Clock, ClockTimer } from '@dual-auth/core';
import { followSignal, unfollowSignal } from './caller-signal.js';

/** What a {@link CallScope} needs. */
export interface CallScopeOptions {
  readonly clock: Clock;
  readonly totalTimeoutMs: number;
  /** Milliseconds each request may wait for its answer's headers. */
  readonly requestTimeoutMs: number;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /**
   * Makes the error of a passed deadline; called once, when it passes. `stoodStill`: it is passed
   * only because the clock (one without `setTimer`) stood still (core's `ClockTimer` fired `fire(true)`).
   */
  readonly deadlineError: (stoodStill: boolean) => ApiCallError;
}

/** The controller of one request, and the signal to send it with. */
export interface RequestAbort {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
}

/**
 * The deadline of one `callApi`, over everything it does: getting the token, every request (and
 * redirect), every wait, and reading the body of the answer it returns; and the timeout of the
 * request in flight. Neither ky nor fetch has a deadline over more than requests, so the client
 * keeps this one.
 *
 * When the deadline passes, the current request is aborted with the deadline's {@link ApiCallError}
 * as reason, so fetch rejects with it; once the answer was returned, its body readers reject with
 * it (see `boundedResponse`) and its body stream errors with it. When a request's timeout passes
 * first, that request is aborted without a reason.
 *
 * On a clock without `setTimer` that stands still, neither could pass: when core's `ClockTimer`
 * fires by its backstop (the clock read the same while real time ran at least twice the wait and at
 * least 5 s more than it), the call ends as by its deadline, with an error that says the clock did not move.
 *
 * One timer serves both: it is first set for the earliest a request timeout can pass (the call's
 * start plus the request timeout), which no later request's timeout precedes, and when it fires it
 * is set again for whichever of the two comes next.
 */
export class CallScope {
  /** When the call started, on the injected clock. */
  declare readonly startedAt: number;
  /** When the call must be over, on the injected clock. */
  declare readonly deadlineAt: number;
  readonly #requestTimeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #deadlineError: (stoodStill: boolean) => ApiCallError;
  readonly #timer: ClockTimer;
  #request: AbortController | undefined;
  /** When the request in flight times out; undefined once its headers arrived. */
  #requestTimeoutAt: number | undefined;
  #expired: ApiCallError | undefined;
  #rejectWait: ((reason: unknown) => void) | undefined;

  constructor(options: CallScopeOptions) {
    this.#requestTimeoutMs = options.requestTimeoutMs;
    this.#signal = options.signal;
    this.#deadlineError = options.deadlineError;
    const now = options.clock.now();
    this.startedAt = now;
    this.deadlineAt = now + options.totalTimeoutMs;
    const firstCheck = Math.min(this.deadlineAt, now + options.requestTimeoutMs);
    this.#timer = new ClockTimer(options.clock, firstCheck, this.#onTimer);
    // Followed for the whole call, until it ends; not AbortSignal.any per request nor a listener
    // per wait: Node's composite signal is a FinalizationRegistry target, kept with what it
    // reaches until a full GC (docs/performance.md, "The API call"). One listener for all the
    // calls given one signal: Node warns of a leak past 10.
    if (options.signal !== undefined) followSignal(options.signal, this.#onCallerAbort);
  }

  /**
   * Milliseconds left until the deadline, on the injected clock (0 once passed); a step back of
   * the clock does not add to them (see `ClockTimer.now`).
   */
  remainingMs(): number {
    return Math.max(0, this.deadlineAt - this.#timer.now());
  }

  /** Milliseconds since the call started, on the injected clock, never less than 0. */
  elapsedMs(): number {
    return this.#timer.now() - this.startedAt;
  }

  /** The deadline's error once it passed. */
  get expired(): ApiCallError | undefined {
    return this.#expired;
  }

  /**
   * Ends the call by its deadline (once; later calls return the same error): aborts the current
   * request and any wait. `stoodStill`: because the clock stood still, not because it passed.
   */
  expire(stoodStill = false): ApiCallError {
    if (this.#expired !== undefined) return this.#expired;
    this.end();
    const error = this.#deadlineError(stoodStill);
    this.#expired = error;
    this.#request?.abort(error);
    this.#rejectWait?.(error);
    return error;
  }

  /**
   * A controller for the next request: its timeout or the deadline aborts it, and so does the
   * caller's signal until the call ends. Call {@link CallScope.answered} when its headers arrive.
   */
  nextRequest(): RequestAbort {
    const controller = new AbortController();
    this.#request = controller;
    const timeoutAt = this.#timer.now() + this.#requestTimeoutMs;
    // At or after the deadline, the deadline speaks for it.
    this.#requestTimeoutAt = timeoutAt < this.deadlineAt ? timeoutAt : undefined;
    if (this.#requestTimeoutAt !== undefined) this.#timer.fireAt(this.#nextCheck());
    if (this.#signal?.aborted) controller.abort(this.#signal.reason);
    return { controller, signal: controller.signal };
  }

  /** The request in flight got its answer's headers (or failed): its timeout no longer applies. */
  answered(): void {
    this.#requestTimeoutAt = undefined;
  }

  /**
   * Settles as `pending` does, unless the deadline passes first (rejects with its error) or the
   * caller aborts (rejects with the signal's reason). `settled` runs once `pending` settles, before
   * the result is passed on (or at once when the deadline or the caller's abort came first).
   * `failed` gives the error a rejection of `pending` is passed on as (default: as it is).
   */
  within<T>(
    pending: Promise<T>,
    settled?: () => void,
    failed?: (error: unknown) => unknown,
  ): Promise<T> {
    const signal = this.#signal;
    if (this.#expired !== undefined || signal?.aborted) {
      // Its settling no longer matters, but must not surface as an unhandled rejection.
      pending.catch(() => undefined);
      settled?.();
      return Promise.reject(this.#expired ?? signal?.reason);
    }
    return new Promise<T>((resolve, reject) => {
      // The deadline and the caller's abort reject it.
      this.#rejectWait = reject;
      // One reaction for both outcomes, not then + finally: a body read of every call comes here.
      const done = (): void => {
        this.#rejectWait = undefined;
        settled?.();
      };
      pending.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(failed === undefined ? error : failed(error));
        },
      );
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

  /** The call is over: the deadline and the caller's signal no longer apply. */
  end(): void {
    this.#timer.cancel();
    if (this.#signal !== undefined) unfollowSignal(this.#signal, this.#onCallerAbort);
  }

  /** The deadline, or the timeout of the request in flight when that comes first. */
  #nextCheck(): number {
    const timeoutAt = this.#requestTimeoutAt;
    return timeoutAt === undefined ? this.deadlineAt : Math.min(timeoutAt, this.deadlineAt);
  }

  /** The caller aborted: the request in flight and any wait end with its reason. */
  readonly #onCallerAbort = (): void => {
    const reason = this.#signal?.reason;
    this.#request?.abort(reason);
    this.#rejectWait?.(reason);
  };

  readonly #onTimer = (stoodStill: boolean): void => {
    const now = this.#timer.now();
    // A clock that stands still would let no timeout pass: the whole call ends, saying why.
    if (now >= this.deadlineAt || stoodStill) {
      this.expire(stoodStill);
      return;
    }
    const timeoutAt = this.#requestTimeoutAt;
    if (timeoutAt !== undefined && now >= timeoutAt) {
      this.#requestTimeoutAt = undefined;
      this.#request?.abort();
    }
    this.#timer.fireAt(this.#nextCheck());
  };
}
