import { describe, expect, it } from 'vitest';
import { jwksCooldownRangeMs } from './jwks-cooldown-range.js';

describe('jwksCooldownRangeMs', () => {
  it('is 1 s to the max age plus stale-if-error, their defaults when not given', () => {
    expect(jwksCooldownRangeMs(undefined, undefined)).toEqual({
      minMs: 1_000,
      maxMs: 4_200_000,
      defaultMs: 30_000,
    });
    expect(jwksCooldownRangeMs(60_000, 0)).toEqual({
      minMs: 1_000,
      maxMs: 60_000,
      defaultMs: 30_000,
    });
    expect(jwksCooldownRangeMs(undefined, 0)).toEqual({
      minMs: 1_000,
      maxMs: 600_000,
      defaultMs: 30_000,
    });
  });

  // Review brk25: a short max age without stale-if-error beside the default cooldown was valid.
  it('shrinks the default cooldown to fit a short max age', () => {
    expect(jwksCooldownRangeMs(10_000, 0)).toEqual({
      minMs: 1_000,
      maxMs: 10_000,
      defaultMs: 10_000,
    });
  });

  it('never ends below its start, so some cooldown always fits', () => {
    expect(jwksCooldownRangeMs(0, 0)).toEqual({ minMs: 1_000, maxMs: 1_000, defaultMs: 1_000 });
  });
});
