/**
 * Whether an aborted request signal says its client went away: its reason is an `AbortError`
 * (the `DOMException` of `AbortController.abort()` without a reason, of a fetch `Request`'s signal
 * on disconnect, and of this package's closed-connection signal). Any other reason (a
 * `TimeoutError` of `AbortSignal.timeout`, an app's own deadline) is the server giving up on a
 * client still waiting.
 */
export function clientLeft(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.aborted === true ? signal.reason : undefined;
  return (
    typeof reason === 'object' &&
    reason !== null &&
    (reason as { name?: unknown }).name === 'AbortError'
  );
}
