import { describe, expect, it } from 'vitest';
import { InSessionAPICall } from './in-session-api-call.js';
import { OutOfSessionAPICall } from './out-of-session-api-call.js';

type Positional = new (timeout: unknown) => unknown;

describe("Python's positional timeout (InSessionAPICall(30))", () => {
  it('is refused with a TypeError that shows { timeout: 30 } and { timeoutMs: 30000 }', () => {
    for (const [Call, name] of [
      [InSessionAPICall, 'InSessionAPICall'],
      [OutOfSessionAPICall, 'OutOfSessionAPICall'],
    ] as const) {
      expect(() => new (Call as unknown as Positional)(30)).toThrow(
        new TypeError(
          `new ${name} takes one options object, not Python's positional arguments (got a number): new ${name}({ timeout: 30 }), in seconds as in Python, or new ${name}({ timeoutMs: 30000 })`,
        ),
      );
    }
  });

  it('keeps the options-object form working, as the migration guide shows', () => {
    expect(new InSessionAPICall({ timeout: 30 })).toBeInstanceOf(InSessionAPICall);
  });
});
