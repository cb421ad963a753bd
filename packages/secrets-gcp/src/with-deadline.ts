/** gRPC `DEADLINE_EXCEEDED`, the code the SDK itself gives a call that ran out of time. */
const DEADLINE_EXCEEDED = 4;

/**
 * `promise`, or a `DEADLINE_EXCEEDED` error once `ms` have passed. The SDK's call timeout does not
 * cover fetching the OAuth token it sends, and the auth library sets none, so a token endpoint
 * that never answers would otherwise hang the read. A late answer is dropped.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined || !(ms > 0) || !Number.isFinite(ms)) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(Object.assign(new Error(`No answer within ${ms} ms`), { code: DEADLINE_EXCEEDED }));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
