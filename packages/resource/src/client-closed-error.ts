/**
 * The reason a guard's request signal aborts with when the client went away: an `AbortError`
 * `DOMException`, which the guard answers as a client gone (499, audited `request_aborted`).
 * A new one per abort, so no stack or cause is shared between requests.
 */
export function clientClosedError(): DOMException {
  return new DOMException('The client closed the connection', 'AbortError');
}
