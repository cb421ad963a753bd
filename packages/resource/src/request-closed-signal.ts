import { clientClosedError } from './client-closed-error.js';

/**
 * The signal of a fetch `Request` a server received, for the guard: it aborts when the request's
 * own signal aborts. A `DOMException` reason is kept as it is, so an app's own deadline on the
 * Request (`AbortSignal.any([request.signal, AbortSignal.timeout(ms)])`, a `TimeoutError`) stays
 * a deadline (503 with `Retry-After`) and an `AbortError` stays a client gone (499,
 * `request_aborted`). Any other reason becomes an `AbortError`: a server aborts a received
 * request's signal with its own value only when its client goes away (Node's `@hono/node-server`
 * aborts with the string "Client connection prematurely closed.").
 */
export function requestClosedSignal(signal: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const close = () =>
    controller.abort(signal.reason instanceof DOMException ? signal.reason : clientClosedError());
  if (signal.aborted) close();
  else signal.addEventListener('abort', close, { once: true });
  return controller.signal;
}
