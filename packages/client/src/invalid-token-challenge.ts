import { parseWwwAuthenticate } from './www-authenticate.js';

/**
 * True when a 401 says the token itself was refused (`WWW-Authenticate: Bearer
 * error="invalid_token"`, RFC 6750 §3.1): expired, revoked or malformed, so a new one may pass.
 * With `scheme` `DPoP`, the same for a DPoP-bound token: `DPoP error="invalid_token"` (RFC 9449
 * §7.1). The field is read by the RFC 9110 §11.6.1 grammar, so the challenge is found wherever it
 * stands among others (`Basic realm=…`, a token68 `Negotiate …`); a field that does not follow
 * the grammar never triggers a renewal.
 */
export function isInvalidTokenChallenge(
  response: Response,
  scheme: 'Bearer' | 'DPoP' = 'Bearer',
): boolean {
  return hasChallengeError(response, scheme, 'invalid_token');
}

/**
 * True when a 401's `WWW-Authenticate` holds a challenge of `scheme` (any case) whose `error` is
 * `error` (RFC 6750 §3, RFC 9449 §7.1), read as {@link isInvalidTokenChallenge} reads it.
 */
export function hasChallengeError(response: Response, scheme: string, error: string): boolean {
  if (response.status !== 401) return false;
  const header = response.headers.get('www-authenticate');
  if (header === null) return false;
  const wanted = scheme.toLowerCase();
  const challenges = parseWwwAuthenticate(header) ?? [];
  return challenges.some(
    (challenge) => challenge.scheme === wanted && challenge.params.get('error') === error,
  );
}
