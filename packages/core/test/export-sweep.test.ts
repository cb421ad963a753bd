import { describe, expect, it } from 'vitest';
import { sweepExports } from './export-sweep.js';

// Review (session 36, review36b): the sweep read only an error's message against a list of the
// engine's crash messages, so a crash it did not list (`'x' in options` on a number, a property
// set on undefined) and a throw of something that is not an Error passed as refusals.

describe('sweepExports', () => {
  it('reports a crash from inside, whatever engine message it carries, and a thrown non-error', async () => {
    const entry = {
      hasOption: (options: unknown) => 'name' in (options as object),
      setsOption: (options: unknown) => {
        (options as { seen: boolean }).seen = true;
      },
      throwsText: () => {
        throw 'options must be an object';
      },
    };
    const faults = await sweepExports({ entry });
    expect(faults).toContainEqual(
      expect.stringMatching(/^entry\.hasOption\(number\): Cannot use 'in' operator/),
    );
    expect(faults).toContainEqual(
      expect.stringMatching(/^entry\.setsOption\(undefined\): Cannot set properties of undefined/),
    );
    expect(faults).toContainEqual('entry.throwsText(undefined): threw a non-error: string');
  });

  it('reports nothing for a function that refuses each wrong argument with a TypeError', async () => {
    const entry = {
      checked: (options: unknown) => {
        if (typeof options !== 'object' || options === null) {
          throw new TypeError('options must be an object');
        }
      },
    };
    expect(await sweepExports({ entry })).toEqual([]);
  });
});
