import { createDualSubjectToken, type DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { countedFromRequestStart } from './counted-from-request-start.js';
import { issuedAtOrBefore } from './issued-at-or-before.js';

const CUTOFF_MS = Date.UTC(2026, 0, 1, 12);

/** A token not made by createDualSubjectToken, whose expiry overflowed: its issue time reads NaN. */
const overflowing: DualSubjectToken = {
  accessToken: 'opaque',
  tokenType: 'Bearer',
  expiresIn: 1e306,
  expiresAt: Number.POSITIVE_INFINITY,
  scope: 'finance.read',
};

describe('issuedAtOrBefore', () => {
  it('refuses a token received after the cut-off by its receive time only when that is at or before it', () => {
    const token = createDualSubjectToken({
      accessToken: 'opaque',
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read',
      issuedAt: CUTOFF_MS + 1,
    });
    expect(issuedAtOrBefore(token, { notIssuedAtOrBeforeMs: CUTOFF_MS })).toBe(false);
    expect(issuedAtOrBefore(token, { notIssuedAtOrBeforeMs: CUTOFF_MS + 1 })).toBe(true);
  });

  it("refuses a token whose issue time is within the clock tolerance after the cut-off (another instance's clock may run ahead), and serves one issued later", () => {
    const issued = (issuedAt: number) =>
      createDualSubjectToken({
        accessToken: 'opaque',
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'finance.read',
        issuedAt,
      });
    const cutoff = { notIssuedAtOrBeforeMs: CUTOFF_MS, clockToleranceSeconds: 15 };
    expect(issuedAtOrBefore(issued(CUTOFF_MS + 15_000), cutoff)).toBe(true);
    expect(issuedAtOrBefore(issued(CUTOFF_MS + 15_001), cutoff)).toBe(false);
  });

  it('takes a token whose issue time is not a finite time as issued at or before any cut-off', () => {
    expect(issuedAtOrBefore(overflowing, { notIssuedAtOrBeforeMs: CUTOFF_MS })).toBe(true);
  });
});

describe('countedFromRequestStart and an issue time that is not a finite time', () => {
  it('gives the token back as it is, so its issue time stays unreadable (and refused)', () => {
    expect(countedFromRequestStart(overflowing, CUTOFF_MS)).toBe(overflowing);
  });
});
