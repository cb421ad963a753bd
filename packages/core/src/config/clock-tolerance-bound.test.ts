import { describe, expect, it } from 'vitest';
import {
  delegationCutoffVerdict,
  issuedBeforeCutoff,
} from '../contracts/delegation-cutoff-store.js';
import { checkOption } from './check-option.js';

// 15000 (milliseconds by mistake) as a clock tolerance accepted tokens ~4 h past exp, and refused
// new delegations ~4 h after the human's cut-off.
const TOO_LONG =
  /clockToleranceSeconds must be at most 300 seconds .*: seconds, not milliseconds\?$/;

describe('a clock tolerance', () => {
  it('is refused above 300 seconds, as milliseconds given for seconds', async () => {
    expect(() =>
      checkOption({ clockToleranceSeconds: 15_000 }, 'clockToleranceSeconds', 'toleranceSeconds'),
    ).toThrow(TOO_LONG);
    expect(() => issuedBeforeCutoff(1_000, 1_000_000, 15_000)).toThrow(TOO_LONG);
    await expect(
      delegationCutoffVerdict({
        store: { cutoffOf: async () => undefined, endDelegation: async () => undefined },
        human: { sub: 'u-1' },
        iatSeconds: 1_000,
        clockToleranceSeconds: 301,
      }),
    ).rejects.toThrow(TOO_LONG);
  });

  it('is taken from 0 to 300 seconds, and a negative one reads as any other number option', () => {
    for (const seconds of [0, 15, 300]) {
      expect(checkOption({ t: seconds }, 't', 'toleranceSeconds')).toBe(seconds);
    }
    expect(issuedBeforeCutoff(1_300, 1_000_000, 300)).toBe(true);
    expect(() => checkOption({ t: -1 }, 't', 'toleranceSeconds')).toThrow(
      new TypeError('options.t must be a finite number >= 0'),
    );
  });
});
