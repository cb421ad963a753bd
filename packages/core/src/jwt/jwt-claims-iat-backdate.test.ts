import { describe, expect, it } from 'vitest';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { checkJwtClaims, type JwtClaimRules } from './jwt-claims.js';

const NOW_S = 1_800_000_000;

function rules(extra: Partial<JwtClaimRules> = {}): JwtClaimRules {
  return {
    label: 'Access token',
    audience: 'finance-api',
    nowMs: NOW_S * 1000,
    clockToleranceSeconds: 0,
    maxLifetimeSeconds: 3600,
    ...extra,
  };
}

/** Claims of a token minted now that lives `lifetimeSeconds`, its `iat` dated `backdateSeconds` back. */
function minted(lifetimeSeconds: number, backdateSeconds: number): Record<string, unknown> {
  return { aud: 'finance-api', iat: NOW_S - backdateSeconds, exp: NOW_S + lifetimeSeconds };
}

function reasonOf(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (ActVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
}

describe('checkJwtClaims: the lifetime cap counts from iat plus iatBackdateSeconds', () => {
  it("accepts an IdP's one-hour token dated 300 s back, under a one-hour cap", () => {
    const claims = minted(3600, 300);
    expect(reasonOf(() => checkJwtClaims(claims, rules({ iatBackdateSeconds: 300 })))).toBe(
      'accepted',
    );
  });

  it('refuses the same token one second longer-lived: the backdate loosens the cap by no more', () => {
    const claims = minted(3601, 300);
    expect(reasonOf(() => checkJwtClaims(claims, rules({ iatBackdateSeconds: 300 })))).toBe(
      'ttl_too_long',
    );
  });

  it('says what to do: sign shorter-lived tokens or raise maxLifetimeSeconds', () => {
    expect(() => checkJwtClaims(minted(3601, 0), rules())).toThrow(
      /^Access token lives longer than 3600 seconds \(exp - iat\): have its issuer sign shorter-lived tokens, or raise maxLifetimeSeconds to accept them$/,
    );
  });

  it('counts from the raw iat when the profile declares no backdate', () => {
    const claims = minted(3600, 300);
    expect(reasonOf(() => checkJwtClaims(claims, rules()))).toBe('ttl_too_long');
    expect(reasonOf(() => checkJwtClaims(claims, rules({ iatBackdateSeconds: 0 })))).toBe(
      'ttl_too_long',
    );
  });

  it('refuses a backdate over 600 s (TypeError) rather than loosen the cap by it', () => {
    const claims = minted(3600, 86_400);
    expect(() => checkJwtClaims(claims, rules({ iatBackdateSeconds: 86_400 }))).toThrow(
      /iatBackdateSeconds must be at most 600/,
    );
  });
});
