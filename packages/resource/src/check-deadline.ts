import type { Sleep } from '@dual-auth/core/adapter-kit';

/**
 * The subject checks' signal and deadline of one `authorize` call, each made only when needed:
 * the signal when a check reads it, the deadline's wait when a check's answer is pending. Checks
 * that answer synchronously (a role or id in the token) cost no controller, timer or
 * `AbortSignal.any`.
 */
export interface CheckDeadline {
  /**
   * `fields` and a `signal` made when a check first reads it: it aborts with the request's reason,
   * or with a `TimeoutError` `DOMException` at the deadline.
   */
  stateOf<T extends object>(fields: T): T & { readonly signal: AbortSignal };
  /** A check's answer is pending: starts the deadline's wait (once); gives the signal to race. */
  pending(): AbortSignal;
  /** The checks settled: cancels the deadline's wait, if one started. */
  settle(): void;
}

/**
 * A {@link CheckDeadline} of `timeoutMs` (waited with `sleep`) whose signal follows `request`.
 */
export function createCheckDeadline(
  timeoutMs: number,
  sleep: Sleep,
  request: AbortSignal | undefined,
): CheckDeadline {
  let deadline: AbortController | undefined;
  let signal: AbortSignal | undefined;
  let settled: AbortController | undefined;
  const signalOf = (): AbortSignal => {
    if (signal === undefined) {
      deadline = new AbortController();
      signal =
        request === undefined ? deadline.signal : AbortSignal.any([request, deadline.signal]);
    }
    return signal;
  };
  return {
    stateOf: (fields) => ({
      ...fields,
      get signal() {
        return signalOf();
      },
    }),
    pending() {
      const current = signalOf();
      if (settled === undefined) {
        settled = new AbortController();
        const ending = deadline as AbortController;
        sleep(timeoutMs, settled.signal).then(
          () =>
            ending.abort(
              new DOMException(`Subject checks took over ${timeoutMs} ms`, 'TimeoutError'),
            ),
          // The checks settled first: the wait was cancelled.
          () => undefined,
        );
      }
      return current;
    },
    settle: () => settled?.abort(),
  };
}
