// The shared body of the exported-helpers attack tests: each case a call that must throw (or, for
// the async ones, reject with) a TypeError whose message matches.
import { expect, it } from 'vitest';

/** A label, a call with a wrong argument, and the start of the TypeError it must give. */
export type RefusalCase<R = unknown> = [string, () => R, RegExp];

/** One test per case: a TypeError matching its message, thrown or rejected. */
export function itRefusesByName(
  cases: readonly RefusalCase[],
  asyncCases: readonly RefusalCase<Promise<unknown>>[],
): void {
  it.each(cases)('%s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it.each(asyncCases)('%s', async (_, call, message) => {
    const outcome = call();
    await expect(outcome).rejects.toThrow(TypeError);
    await expect(outcome).rejects.toThrow(message);
  });
}
