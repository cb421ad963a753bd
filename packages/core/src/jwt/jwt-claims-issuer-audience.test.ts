import { describe, expect, it } from 'vitest';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { checkJwtClaims, type JwtClaimRules } from './jwt-claims.js';

// The issuer and audience rules, each side a string or a list: Session 13 matches them without
// building a list per token, so the verdicts are pinned here for every shape.
const NOW_S = 1_800_000_000;

function verdict(
  claims: Record<string, unknown>,
  issuer: JwtClaimRules['issuer'],
  audience: JwtClaimRules['audience'],
): string {
  try {
    checkJwtClaims(
      { iat: NOW_S, exp: NOW_S + 60, ...claims },
      { label: 'Act JWT', issuer, audience, nowMs: NOW_S * 1000, clockToleranceSeconds: 0 },
    );
    return 'accepted';
  } catch (error) {
    if (ActVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
}

describe('checkJwtClaims: issuer and audience, as strings or lists', () => {
  it.each([
    [{ aud: 'a' }, 'a', 'accepted'],
    [{ aud: 'b' }, 'a', 'wrong_audience'],
    [{ aud: ['b', 'a'] }, 'a', 'accepted'],
    [{ aud: ['b', 'c'] }, 'a', 'wrong_audience'],
    [{ aud: 'a' }, ['b', 'a'], 'accepted'],
    [{ aud: 'c' }, ['b', 'a'], 'wrong_audience'],
    [{ aud: ['c', 'a'] }, ['b', 'a'], 'accepted'],
    [{ aud: ['c', 'd'] }, ['b', 'a'], 'wrong_audience'],
    [{ aud: [] }, 'a', 'wrong_audience'],
    [{ aud: 'a' }, [], 'wrong_audience'],
    [{ aud: ['a'] }, ['a'], 'accepted'],
    [{ aud: 1 }, 'a', 'wrong_audience'],
    [{ aud: [['a']] }, 'a', 'wrong_audience'],
    [{ aud: null }, 'a', 'wrong_audience'],
    [{}, 'a', 'missing_claim'],
  ] as const)('aud %j against %j: %s', (claims, audience, expected) => {
    expect(verdict(claims, undefined, audience)).toBe(expected);
  });

  it.each([
    [{ iss: 'idp' }, 'idp', 'accepted'],
    [{ iss: 'other' }, 'idp', 'wrong_issuer'],
    [{ iss: 'idp' }, ['x', 'idp'], 'accepted'],
    [{ iss: 'other' }, ['x', 'idp'], 'wrong_issuer'],
    [{ iss: ['idp'] }, 'idp', 'wrong_issuer'],
    [{ iss: ['idp'] }, ['idp'], 'wrong_issuer'],
    [{ iss: 1 }, 'idp', 'wrong_issuer'],
    [{}, 'idp', 'missing_claim'],
    [{ iss: 'anything' }, undefined, 'accepted'],
  ] as const)('iss %j against %j: %s', (claims, issuer, expected) => {
    expect(verdict({ ...claims, aud: 'a' }, issuer, 'a')).toBe(expected);
  });
});
