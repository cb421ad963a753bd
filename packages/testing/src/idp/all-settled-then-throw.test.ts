import { describe, expect, it } from 'vitest';
import { allSettledThenThrow } from './all-settled-then-throw.js';

// Mend (Session 16, mend16): startLocalIdp waited for its other RSA key generations before it
// threw (a worker ending mid-generation aborted Node); the rule is one helper now, for every
// Promise.all over key generations beside a check that can reject.

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Lets every queued callback run: what can settle now has settled. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('allSettledThenThrow', () => {
  it('rejects with the first failure only after every promise settled', async () => {
    const refused = new TypeError('signingKeyPem: not an RSA key');
    const generation = deferred<string>();
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
    generation.resolve('key');
    await all;
    expect(outcome).toBe(refused);
  });

  it('rejects with the first failure in the order given when several fail', async () => {
    const later = deferred<never>();
    const all = allSettledThenThrow([later.promise, Promise.reject(new Error('second'))]);
    later.reject(new Error('first'));
    await expect(all).rejects.toThrow(/^first$/);
  });

  it('resolves with every value in order when none fails', async () => {
    const slow = deferred<number>();
    const all = allSettledThenThrow([slow.promise, Promise.resolve('b'), 3] as const);
    slow.resolve(1);
    await expect(all).resolves.toEqual([1, 'b', 3]);
  });
});
