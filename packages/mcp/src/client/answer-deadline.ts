import { ClockTimer } from '@dual-auth/client';
import {
  ApiCallError,
  type ApiCallFailureReason,
  CLOCK_STOOD_STILL_ADVICE,
  type Clock,
  urlRouteForLogging,
} from '@dual-auth/core';

/** What an {@link answerDeadline} waits for, as its error says it. */
export interface AwaitedAnswer {
  /** Who waits, as the message names it (`dualAuthFetch`, `withDualAuthTool: callApi`). */
  readonly who: string;
  readonly method: string;
  readonly url: URL;
  /** `'timeout'`: the answer's headers; `'deadline'`: the answer, body included. */
  readonly reason: Extract<ApiCallFailureReason, 'timeout' | 'deadline'>;
  readonly timeoutMs: number;
  /** What is awaited: the server's answer (default) or the token of a renewal. */
  readonly awaiting?: 'answer' | 'renewed token';
  /** What `timeoutMs` covers, when more than this one wait (`'the whole call'`), as the message says it. */
  readonly covers?: string;
}

/** A deadline over one answer: `signal` to send with, `done()` once the awaited part is in. */
export interface AnswerDeadline {
  /** Aborts at the deadline with an {@link ApiCallError}, or with the caller's signal, first. */
  readonly signal: AbortSignal;
  /** Whether the deadline itself passed (its timer fired), rather than the caller aborting. */
  readonly passed: boolean;
  /**
   * What is awaited from now on (the next redirect hop, the renewal of the token), for the error
   * of the deadline if it passes meanwhile; the deadline itself does not move.
   */
  awaiting(awaited: AwaitedAnswer): void;
  /** Stops the timer; the caller's signal still aborts `signal`. */
  done(): void;
}

/**
 * Starts a timer of `awaited.timeoutMs` on `clock` (as `@dual-auth/client`'s deadlines: the
 * clock's own `setTimer` drives it when it has one, else a real timer does, and the clock decides,
 * so a test's held clock never lets it pass until moved, and one moved past it does at once; a
 * clock without `setTimer` whose `now()` stands still while real time runs at least twice the wait
 * and at least 5 s more than it, lets it pass all the same, the error saying the clock did not move)
 * whose abort reason is an {@link ApiCallError} saying what to do, combined with the caller's
 * `signal` (whichever aborts first): a `fetch` sent with it rejects with that error, and its body,
 * while read, errors with it.
 */
export function answerDeadline(
  awaited: AwaitedAnswer,
  signal: AbortSignal | null | undefined,
  clock: Clock,
): AnswerDeadline {
  const controller = new AbortController();
  let current = awaited;
  const timer = new ClockTimer(clock, clock.now() + awaited.timeoutMs, (stoodStill) =>
    controller.abort(timeoutError(current, stoodStill)),
  );
  return {
    signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    get passed() {
      return controller.signal.aborted;
    },
    awaiting: (next) => {
      current = next;
    },
    done: () => timer.cancel(),
  };
}

/** `stoodStill`: the clock did not move (core's `ClockTimer` fired `fire(true)`), rather than time ran out. */
function timeoutError(awaited: AwaitedAnswer, stoodStill: boolean): ApiCallError {
  const { who, method, url, reason, timeoutMs, awaiting, covers } = awaited;
  const route = urlRouteForLogging(url);
  const renewal = awaiting === 'renewed token';
  const what = renewal
    ? 'no renewed token'
    : reason === 'timeout'
      ? 'no answer'
      : 'no answer with its body';
  const option = covers === undefined ? 'timeoutMs' : `timeoutMs, over ${covers}`;
  const check = renewal ? 'the IdP' : 'the server';
  const message = stoodStill
    ? `${who}: ${method} ${route}: ${what} (${option}): ${CLOCK_STOOD_STILL_ADVICE}`
    : `${who}: ${method} ${route}: ${what} within ${timeoutMs} ms (${option}); check that ${check} is up and answering, or raise timeoutMs for a slow one`;
  return new ApiCallError({
    message,
    method,
    url: route,
    reason,
  });
}
