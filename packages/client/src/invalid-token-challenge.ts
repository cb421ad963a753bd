// One item of a WWW-Authenticate list: an auth-scheme (no "=") or an auth-param name=value.
const ITEM =
  /[\s,]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]*))?/y;

/**
 * True when a 401 says the token itself was refused (`WWW-Authenticate: Bearer
 * error="invalid_token"`, RFC 6750 §3.1): expired, revoked or malformed, so a new one may pass.
 * Other challenges in the same header (`Basic realm=…`) are skipped.
 */
export function isInvalidTokenChallenge(response: Response): boolean {
  if (response.status !== 401) return false;
  const header = response.headers.get('www-authenticate');
  if (header === null) return false;
  let scheme = '';
  ITEM.lastIndex = 0;
  for (let match = ITEM.exec(header); match !== null; match = ITEM.exec(header)) {
    const [, name = '', value] = match;
    if (value === undefined) {
      scheme = name.toLowerCase();
    } else if (scheme === 'bearer' && name.toLowerCase() === 'error') {
      if (value.replace(/^"|"$/g, '') === 'invalid_token') return true;
    }
  }
  return false;
}
