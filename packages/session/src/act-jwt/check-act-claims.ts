import type { Act } from '@dual-auth/core';
import { reject } from './reject.js';

/** What the claims of an act JWT are checked against; times in seconds. */
export interface ClaimExpectations {
  issuer: string;
  audience: string;
  /** Now, in seconds since the epoch. */
  now: number;
  clockToleranceSeconds: number;
  maxLifetimeSeconds: number;
}

/** The claims an act JWT must carry once checked. */
export interface CheckedActClaims {
  act: Act;
  jti: string;
  exp: number;
}

const MAX_JTI_LENGTH = 256;

function numericDate(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    reject('malformed', `claim "${claim}" must be a number of seconds`, { claim });
  }
  return value;
}

function required(value: number | undefined, claim: string): number {
  if (value === undefined) reject('missing_claim', `has no "${claim}" claim`, { claim });
  return value;
}

function checkIssuerAndAudience(
  payload: Record<string, unknown>,
  expected: ClaimExpectations,
): void {
  const { iss, aud } = payload;
  if (iss === undefined) reject('missing_claim', 'has no "iss" claim', { claim: 'iss' });
  if (iss !== expected.issuer) {
    reject('wrong_issuer', `issuer is not the expected "${expected.issuer}"`, { claim: 'iss' });
  }
  if (aud === undefined) reject('missing_claim', 'has no "aud" claim', { claim: 'aud' });
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.audience)) {
    reject('wrong_audience', `audience is not the expected "${expected.audience}"`, {
      claim: 'aud',
    });
  }
}

function checkTimes(payload: Record<string, unknown>, expected: ClaimExpectations): number {
  const exp = required(numericDate(payload, 'exp'), 'exp');
  const iat = required(numericDate(payload, 'iat'), 'iat');
  const nbf = numericDate(payload, 'nbf');
  const { now, clockToleranceSeconds: leeway } = expected;
  if (exp <= now - leeway) reject('expired', 'has expired', { claim: 'exp' });
  if (nbf !== undefined && nbf > now + leeway) {
    reject('not_yet_valid', 'is not valid yet (nbf is in the future)', { claim: 'nbf' });
  }
  if (iat > now + leeway) reject('issued_in_future', 'was issued in the future', { claim: 'iat' });
  if (exp - iat > expected.maxLifetimeSeconds) {
    reject(
      'ttl_too_long',
      `lives ${exp - iat} s; at most ${expected.maxLifetimeSeconds} s are accepted`,
      { claim: 'exp' },
    );
  }
  return exp;
}

function checkAct(value: unknown): Act {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject('invalid_act', 'must contain an "act" object', { claim: 'act' });
  }
  const act = value as Record<string, unknown>;
  if (typeof act.sub !== 'string' || act.sub.trim() === '') {
    reject('invalid_act', 'must contain act.sub, a non-empty string', { claim: 'act.sub' });
  }
  for (const claim of ['email', 'name', 'oid']) {
    if (act[claim] !== undefined && typeof act[claim] !== 'string') {
      reject('invalid_act', `act.${claim} must be a string when present`, {
        claim: `act.${claim}`,
      });
    }
  }
  return { ...act } as Act;
}

/**
 * Checks the claims of a signature-verified act JWT: `iss`, `aud`, `exp` and `iat` (required),
 * `nbf` (when present) with the leeway, a lifetime cap, a mandatory `jti`, and an `act` object
 * with a non-empty `sub`.
 *
 * @throws ActVerificationError with the reason of the first claim that fails.
 */
export function checkActClaims(
  payload: Record<string, unknown>,
  expected: ClaimExpectations,
): CheckedActClaims {
  checkIssuerAndAudience(payload, expected);
  const exp = checkTimes(payload, expected);
  const { jti } = payload;
  if (typeof jti !== 'string' || jti === '') {
    reject('missing_jti', 'has no "jti" claim; replay protection needs one', { claim: 'jti' });
  }
  if (jti.length > MAX_JTI_LENGTH) {
    reject('malformed', `"jti" is longer than ${MAX_JTI_LENGTH} characters`, { claim: 'jti' });
  }
  return { act: checkAct(payload.act), jti, exp };
}
