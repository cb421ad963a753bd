import { describe, expect, it } from 'vitest';
import { scopeDifference } from './scope-difference.js';

describe('scopeDifference (RFC 6749 §3.3 names, §5.1 answers)', () => {
  it('gives the requested names left out and the distinct names added, each in its order', () => {
    expect(scopeDifference(['a', 'b', 'c'], 'c x a x y')).toEqual({
      missing: ['b'],
      extra: ['x', 'y'],
    });
    expect(scopeDifference('a  b', 'B a')).toEqual({ missing: ['b'], extra: ['B'] });
  });

  it('finds no difference when the answer has no string scope', () => {
    expect(scopeDifference(['a'], undefined)).toEqual({ missing: [], extra: [] });
    expect(scopeDifference(['a'], ['b'])).toEqual({ missing: [], extra: [] });
  });
});
