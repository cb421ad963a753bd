/**
 * The signal of a fetch `Request` a server received, for the guard: it aborts with an
 * `AbortError` when the request's own signal aborts, whatever that runtime's reason (Node's
 * `@hono/node-server` aborts with the string "Client connection prematurely closed."). A server
 * aborts a received request's signal only when its client goes away, so the guard answers it as
 * a client gone (499, `request_aborted`), not as a deadline (503).
 */
export function requestClosedSignal(signal: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const close = () =>
    controller.abort(new DOMException('The client closed the connection', 'AbortError'));
  if (signal.aborted) close();
  else signal.addEventListener('abort', close, { once: true });
  return controller.signal;
}
