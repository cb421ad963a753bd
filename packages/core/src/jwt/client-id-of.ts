import type { TokenProfile } from './token-profile.js';

/**
 * The OAuth client a token was issued to, where its vendor's {@link TokenProfile} says: the first
 * of `clientIdClaims` holding a non-empty string, else what `clientIdFromClaims` derives (Auth0's
 * `sub` of `<id>@clients`); `undefined` when the token names no client. It only reads the claims
 * it is given: verifying them, and refusing a client id a log line must not carry, is the caller's.
 *
 * @example
 * clientIdOf(oktaTokenProfile, { cid: 'agent-b', sub: 'user-1' }); // 'agent-b'
 */
export function clientIdOf(
  profile: TokenProfile,
  claims: Readonly<Record<string, unknown>>,
): string | undefined {
  for (const name of profile.clientIdClaims) {
    const value = claims[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return profile.clientIdFromClaims?.(claims);
}
