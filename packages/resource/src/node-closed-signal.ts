import { clientClosedError } from './client-closed-error.js';

/** What {@link closedSignal} reads of Node's `http.ServerResponse`. */
export interface ClosingResponse {
  once(event: 'close', listener: () => void): unknown;
  readonly writableFinished: boolean;
}

/**
 * The signal of a Node request for the guard: it aborts (an `AbortError`) when the response closes
 * before it was finished, i.e. the client went away (Node emits `close` on the response when its
 * connection ends). So a request whose client hung up leaves the line of introspections at once,
 * and is audited `request_aborted`, as with the fetch wrapper and Hono.
 */
export function closedSignal(response: ClosingResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (response.writableFinished) return;
    controller.abort(clientClosedError());
  });
  return controller.signal;
}
