import { describe, expect, it } from 'vitest';
import { secretValue } from './secret-value.js';

describe('secretValue', () => {
  const notFound = (): Error => new Error('not found');

  it('gives the value, undefined for a miss that is not required, else the built error', () => {
    const miss = { found: false, reason: 'empty' } as const;
    expect(secretValue({ found: true, value: '' }, true, notFound)).toBe('');
    expect(secretValue(miss, false, notFound)).toBeUndefined();
    let seen: unknown;
    expect(() =>
      secretValue(miss, true, (m) => {
        seen = m;
        return notFound();
      }),
    ).toThrow('not found');
    expect(seen).toBe(miss);
  });
});
