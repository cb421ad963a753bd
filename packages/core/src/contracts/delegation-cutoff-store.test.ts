import { describe, expect, it } from 'vitest';
import { issuedBeforeCutoff } from './delegation-cutoff-store.js';

describe('issuedBeforeCutoff', () => {
  const cutoffMs = 1_700_000_000_400;

  it('is false without a cut-off', () => {
    expect(issuedBeforeCutoff(1_700_000_000, undefined, 15)).toBe(false);
  });

  it("refuses a credential issued before, or in the cut-off's own second (iat loses its fraction)", () => {
    expect(issuedBeforeCutoff(1_699_999_999, cutoffMs)).toBe(true);
    expect(issuedBeforeCutoff(1_700_000_000, cutoffMs)).toBe(true);
    expect(issuedBeforeCutoff(1_700_000_001, cutoffMs)).toBe(false);
  });

  it("refuses one issued within the clock tolerance after the cut-off: the issuer's clock may run ahead", () => {
    expect(issuedBeforeCutoff(1_700_000_015, cutoffMs, 15)).toBe(true);
    expect(issuedBeforeCutoff(1_700_000_016, cutoffMs, 15)).toBe(false);
  });
});
