/**
 * Like `Promise.all`, but settles only once every promise has: their values in order, or the
 * first failure (in the order given) after the others ended. Every `Promise.all` over RSA key
 * generations beside a check that can reject goes through it: Node aborts the whole process when a
 * worker thread (a test runner's) ends with a key generation still running (KeyGenJob's
 * "Assertion failed: try_catch.CanContinue()"), which a rejection thrown at once lets happen.
 *
 * @throws the first failure of `promises`, once none is pending.
 */
export async function allSettledThenThrow<const T extends readonly unknown[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
