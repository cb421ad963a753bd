import { describe, expect, it } from 'vitest';
import { polluted } from '../../test/polluted-prototype.js';
import { readOptions } from './read-options.js';

const KNOWN = { fetch: true, timeoutMs: true } as const;

describe('readOptions', () => {
  it('returns a null-prototype copy of the own options', () => {
    const given = { timeoutMs: 500 };
    const options = readOptions(given, KNOWN, 'createThing');
    expect(options).not.toBe(given);
    expect(Object.getPrototypeOf(options)).toBeNull();
    expect({ ...options }).toEqual({ timeoutMs: 500 });
  });

  it('sets no option from a polluted Object.prototype', async () => {
    const fetch = () => {};
    const options = await polluted({ fetch }, () => readOptions({}, KNOWN, 'createThing'));
    expect((options as { fetch?: unknown }).fetch).toBeUndefined();
  });

  it('refuses an unknown key as refuseUnknownOptions does, with a renamed hint', () => {
    expect(() =>
      readOptions({ timeout: 5 }, KNOWN, 'createThing', { timeout: 'pass timeoutMs' }),
    ).toThrow('createThing: timeout is not an option: pass timeoutMs');
    expect(() => readOptions({ fetchh: 5 }, KNOWN, 'createThing')).toThrow(
      'createThing: fetchh is not an option (did you mean fetch?)',
    );
  });

  it('returns anything but an object as it is, for the caller to check', () => {
    expect(readOptions(undefined, KNOWN, 'createThing')).toBeUndefined();
    expect(readOptions(null, KNOWN, 'createThing')).toBeNull();
  });
});
