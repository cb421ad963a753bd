import { describe, expect, it } from 'vitest';
import { checkOption } from './check-option.js';

describe('checkOption', () => {
  it('returns the value of the expected kind, undefined when absent', () => {
    const fn = () => 1;
    const options = { s: 'x', n: 0, b: false, o: {}, f: fn };
    expect(checkOption(options, 's', 'string')).toBe('x');
    expect(checkOption(options, 'n', 'number')).toBe(0);
    expect(checkOption(options, 'b', 'boolean')).toBe(false);
    expect(checkOption(options, 'o', 'object')).toEqual({});
    expect(checkOption(options, 'f', 'function')).toBe(fn);
    expect(checkOption(options, 'missing', 'string')).toBeUndefined();
    expect(checkOption({ u: undefined }, 'u', 'number')).toBeUndefined();
  });

  it('throws a TypeError naming the option and the kinds, never the value', () => {
    const secret = 'hunter2-secret';
    expect(() => checkOption({ region: 5 }, 'region', 'string')).toThrow(
      new TypeError("Option 'region' must be a string, got number."),
    );
    expect(() => checkOption({ token: secret }, 'token', 'object')).toThrow(
      "Option 'token' must be a object, got string.",
    );
    expect(() => checkOption({ env: null }, 'env', 'object')).toThrow('got null');
    expect(() => checkOption({ env: [] }, 'env', 'object')).toThrow('got array');
  });

  it('requires numbers to be finite and >= 0', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkOption({ ttl: bad }, 'ttl', 'number')).toThrow(
        new TypeError("Option 'ttl' must be a finite number >= 0."),
      );
    }
  });
});
