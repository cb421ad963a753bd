// The calls following each caller's signal, keyed by the signal: held while a call runs, never
// past its end (a signal no call follows has no entry).
const followers = new WeakMap<AbortSignal, Set<() => void>>();

// One listener per signal, shared by every call that follows it.
function abortFollowers(this: AbortSignal): void {
  for (const onAbort of followers.get(this) ?? []) onAbort();
}

/**
 * Runs `onAbort` when `signal` aborts, until {@link unfollowSignal}. However many calls follow one
 * signal (an app's shutdown signal given to every call), it has one `abort` listener, added with
 * the first and removed with the last: Node warns of a leak (`MaxListenersExceededWarning`) past
 * 10 listeners on one signal, so a listener per call would warn at 11 calls in flight. Not
 * `AbortSignal.any` either: Node keeps each composite signal, with what it reaches, until a full
 * GC (docs/performance.md, "The API call").
 */
export function followSignal(signal: AbortSignal, onAbort: () => void): void {
  followers.set(signal, (followers.get(signal) ?? new Set()).add(onAbort));
  // Added once: the same listener given again is not added again (DOM §2.7, addEventListener).
  signal.addEventListener('abort', abortFollowers);
}

/** `onAbort` no longer runs when `signal` aborts; its listener goes with the last call's. */
export function unfollowSignal(signal: AbortSignal, onAbort: () => void): void {
  const calls = followers.get(signal);
  if (calls?.delete(onAbort) && calls.size === 0) {
    followers.delete(signal);
    signal.removeEventListener('abort', abortFollowers);
  }
}
