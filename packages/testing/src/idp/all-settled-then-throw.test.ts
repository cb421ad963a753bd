import { describe, expect, it } from 'vitest';
import { allSettledThenThrow } from './all-settled-then-throw.js';

// Mend (Session 16, mend16): startLocalIdp waited for its other RSA key generations before it
// threw (a worker ending mid-generation aborted Node); the rule is one helper now, for every
// Promise.all over key generations beside a check that can reject.

/** A promise pending until the test calls `end` (with a value, or an error to reject with). */
function pending<T>(): { promise: Promise<T>; end: (outcome: T | Error) => void } {
  let end: (outcome: T | Error) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    end = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
  });
  return { promise, end };
}

/** Lets every queued callback run: what can settle now has settled. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('allSettledThenThrow', () => {
  it('rejects with the first failure only after every promise settled', async () => {
    const refused = new TypeError('signingKeyPem: not an RSA key');
    const generation = pending<string>();
    let outcome: unknown = 'pending';
    const all = allSettledThenThrow([Promise.reject(refused), generation.promise]).then(
      (values) => {
        outcome = values;
      },
      (error: unknown) => {
        outcome = error;
      },
    );
    await settle();
    expect(outcome).toBe('pending');
    generation.end('key');
    await all;
    expect(outcome).toBe(refused);
  });

  it('rejects with the first failure in the order given when several fail', async () => {
    const later = pending<never>();
    const all = allSettledThenThrow([later.promise, Promise.reject(new Error('second'))]);
    later.end(new Error('first'));
    await expect(all).rejects.toThrow(/^first$/);
  });

  it('resolves with every value in order when none fails', async () => {
    const slow = pending<number>();
    const all = allSettledThenThrow([slow.promise, Promise.resolve('b'), 3] as const);
    slow.end(1);
    await expect(all).resolves.toEqual([1, 'b', 3]);
  });
});
