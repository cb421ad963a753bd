import { TokenRequestError } from '@dual-auth/core';
import { nonEmptyStrings } from './human-matches.js';

/**
 * Refuses a token for another API: its `aud` (a string, or an array of them: RFC 7519 §4.1.3)
 * must name one of `audiences` (the configured `API_AUDIENCE`, `OAUTH_RESOURCE`; unset ones left
 * out), exactly. None configured: nothing to compare. Sent on, a token for another API would let
 * the API called replay it where it is valid (RFC 8707 §1).
 *
 * @param which - What `aud` is not, for the message (`names neither API_AUDIENCE nor OAUTH_RESOURCE`).
 * @param check - What to check on the IdP, for the message.
 * @throws TokenRequestError (status 200, no `mismatch`) naming the settings, never a value.
 */
export function refuseOtherApi(
  claims: Readonly<Record<string, unknown>>,
  audiences: readonly (string | undefined)[],
  which: string,
  check: string,
): void {
  const configured = nonEmptyStrings(audiences);
  const aud = nonEmptyStrings(Array.isArray(claims.aud) ? claims.aud : [claims.aud]);
  if (configured.length === 0 || aud.some((value) => configured.includes(value))) return;
  throw new TokenRequestError({
    vendor: 'oauth',
    status: 200,
    message: `the IdP issued a token for another API (aud ${which}); check ${check} on the IdP`,
  });
}
