/**
 * Waits for `promise`, or stops waiting as soon as `signal` aborts: rejects with `signal.reason`
 * after running `onAbort` (e.g. to cancel a call nobody waits for any more). `promise` itself goes
 * on either way; the abort listener goes once it settles. A `signal` already aborted is not seen:
 * check it before.
 *
 * @throws what `promise` rejects with; `signal.reason` when it aborts first.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  onAbort?: () => void,
): Promise<T> {
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
  });
}
