import { describe, expect, it } from 'vitest';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { checkJwtClaims } from './jwt-claims.js';

// Session 38 (opsmend): "Access token has expired" said what happened, not what to do. The
// refusal keeps its reason (`expired`) and claim (`exp`) and adds the remedy; a credential with
// its own remedy (an act JWT: sign one per request) names it through `rules.expired`.
const NOW_S = 1_800_000_000;
const expiredToken = { aud: 'finance-api', iat: NOW_S - 120, exp: NOW_S - 60 };
const rules = {
  label: 'Access token',
  audience: 'finance-api',
  nowMs: NOW_S * 1000,
  clockToleranceSeconds: 0,
};

function refusalOf(run: () => unknown): ActVerificationError {
  try {
    run();
  } catch (error) {
    if (ActVerificationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('checkJwtClaims: an expired token says what to do', () => {
  it('by default: get a new one, then the clocks', () => {
    const error = refusalOf(() => checkJwtClaims(expiredToken, rules));
    expect(error).toMatchObject({ reason: 'expired', claim: 'exp' });
    expect(error.message).toBe(
      'Access token has expired ("exp"): get a new one; if new ones are refused too, check the clocks (NTP)',
    );
  });

  it("in the credential's own words when the rules give them", () => {
    const expired = 'has expired ("exp"): sign a new one for each request';
    const error = refusalOf(() =>
      checkJwtClaims(expiredToken, { ...rules, label: 'Act JWT', expired }),
    );
    expect(error).toMatchObject({ reason: 'expired', claim: 'exp' });
    expect(error.message).toBe(`Act JWT ${expired}`);
  });
});
