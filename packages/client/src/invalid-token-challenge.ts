import { parseWwwAuthenticate } from './www-authenticate.js';

/**
 * True when a 401 says the token itself was refused (`WWW-Authenticate: Bearer
 * error="invalid_token"`, RFC 6750 §3.1): expired, revoked or malformed, so a new one may pass.
 * The field is read by the RFC 9110 §11.6.1 grammar, so the Bearer challenge is found wherever it
 * stands among others (`Basic realm=…`, a token68 `Negotiate …`); a field that does not follow
 * the grammar never triggers a renewal.
 */
export function isInvalidTokenChallenge(response: Response): boolean {
  if (response.status !== 401) return false;
  const header = response.headers.get('www-authenticate');
  if (header === null) return false;
  const challenges = parseWwwAuthenticate(header) ?? [];
  return challenges.some(
    (challenge) =>
      challenge.scheme === 'bearer' && challenge.params.get('error') === 'invalid_token',
  );
}
