// The calls following each caller's signal, keyed by the signal: held while a call runs, never
// past its end (a signal no call follows has no entry).
const followers = new WeakMap<AbortSignal, Set<() => void>>();

// One listener per signal, shared by every call that follows it.
function abortFollowers(this: AbortSignal): void {
  const calls = followers.get(this);
  followers.delete(this);
  this.removeEventListener('abort', abortFollowers);
  if (calls !== undefined) for (const onAbort of calls) onAbort();
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
  let calls = followers.get(signal);
  if (calls === undefined) {
    calls = new Set();
    followers.set(signal, calls);
    signal.addEventListener('abort', abortFollowers);
  }
  calls.add(onAbort);
}

/** `onAbort` no longer runs when `signal` aborts; its listener goes with the last call's. */
export function unfollowSignal(signal: AbortSignal, onAbort: () => void): void {
  const calls = followers.get(signal);
  if (calls === undefined || !calls.delete(onAbort) || calls.size > 0) return;
  followers.delete(signal);
  signal.removeEventListener('abort', abortFollowers);
}
