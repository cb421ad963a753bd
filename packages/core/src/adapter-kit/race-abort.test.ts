import { describe, expect, it } from 'vitest';
import { raceAbort } from './race-abort.js';

describe('raceAbort', () => {
  it('rejects at once with the reason of a signal already aborted, running onAbort', async () => {
    const reason = new Error('gone');
    let aborted = 0;
    const never = new Promise<never>(() => undefined);
    await expect(raceAbort(never, AbortSignal.abort(reason), () => aborted++)).rejects.toBe(reason);
    expect(aborted).toBe(1);
  });

  it('swallows a later rejection of the promise nobody waits for any more', async () => {
    const reason = new Error('gone');
    let fail: (error: Error) => void = () => undefined;
    const pending = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const controller = new AbortController();
    const raced = raceAbort(pending, controller.signal);
    controller.abort(reason);
    await expect(raced).rejects.toBe(reason);
    // An unhandled rejection here would fail the run.
    fail(new Error('the store answered too late'));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('without a signal is the promise itself', () => {
    const promise = Promise.resolve(1);
    expect(raceAbort(promise, undefined)).toBe(promise);
  });
});
