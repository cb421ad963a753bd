/**
 * Waits for `promise`, or stops waiting as soon as `signal` aborts: rejects with `signal.reason`
 * after running `onAbort` (e.g. to cancel a call nobody waits for any more), at once when it had
 * already aborted. `promise` itself goes on either way (a rejection of it nobody waits for any
 * more is swallowed); the abort listener goes once it settles. Without a `signal`, `promise`.
 *
 * @throws what `promise` rejects with; `signal.reason` when it aborts first.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort?: () => void,
): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const aborted = (): void => {
      onAbort?.();
      reject(signal.reason);
    };
    signal.addEventListener('abort', aborted, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', aborted);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', aborted);
        reject(error);
      },
    );
    if (signal.aborted) aborted();
  });
}
