import type { TokenProfile } from '@dual-auth/core/jwt';
import { agentIn, humanIn } from '../../src/subject-checks.js';
import { fixedClock, NOW_S, type SigningKey, signJwt } from './token-kit.js';

/** The issuer of {@link STANDARD_PROFILE}'s test tokens. */
export const STANDARD_ISSUER = 'https://idp.standard.test/';
/** The API audience of {@link STANDARD_PROFILE}'s test tokens. */
export const STANDARD_AUDIENCE = 'finance-api';

/** A standards IdP issuing both layouts; its client id sits in `client_id` (RFC 8693 §4.3). */
export const STANDARD_PROFILE: TokenProfile = {
  specificationVersion: 'v1',
  vendor: 'standard-idp',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['client_id'],
  roleClaims: ['roles'],
  scopeClaims: ['scope'],
  rfc8693AgentGrantClaims: { scopeClaims: ['scope'] },
  legacyHuman: 'act-claim',
};

/** A token of the standards IdP, valid at the test time for 300 s, with `claims` added. */
export function standardToken(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  return signJwt(
    { iss: STANDARD_ISSUER, aud: STANDARD_AUDIENCE, iat: NOW_S, exp: NOW_S + 300, ...claims },
    key,
  );
}

/**
 * A guard's options for the standards IdP's RFC 8693 tokens of `user-1` exchanged for
 * `finance-agent`, verified with `key`, at the test time: both listed by id.
 */
export function standardGuardOptions(key: SigningKey) {
  return {
    profile: STANDARD_PROFILE,
    layout: 'rfc8693' as const,
    issuer: STANDARD_ISSUER,
    audience: STANDARD_AUDIENCE,
    keys: key.publicKey,
    clock: fixedClock,
    agentAllowed: agentIn(['finance-agent']),
    humanAllowed: humanIn(['user-1']),
  };
}
