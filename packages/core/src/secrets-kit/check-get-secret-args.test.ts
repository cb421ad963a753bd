import { describe, expect, it } from 'vitest';
import { checkGetSecretArgs } from './check-get-secret-args.js';

describe('checkGetSecretArgs', () => {
  it('fills in required: true and no signal', () => {
    const signal = new AbortController().signal;
    expect(checkGetSecretArgs('K', undefined)).toEqual({ required: true, signal: undefined });
    expect(checkGetSecretArgs('K', {})).toEqual({ required: true, signal: undefined });
    expect(checkGetSecretArgs('K', { required: false, signal })).toEqual({
      required: false,
      signal,
    });
  });

  it('throws TypeErrors for a bad key or options', () => {
    for (const key of ['', 1, undefined, null]) {
      expect(() => checkGetSecretArgs(key, undefined)).toThrow(
        new TypeError('getSecret(key): key must be a non-empty string.'),
      );
    }
    expect(() => checkGetSecretArgs('K', null)).toThrow(TypeError);
    expect(() => checkGetSecretArgs('K', { required: 'no' })).toThrow(TypeError);
    expect(() => checkGetSecretArgs('K', { signal: 'x' })).toThrow(TypeError);
  });
});
