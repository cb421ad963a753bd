import { parseWwwAuthenticate } from './www-authenticate.js';

/** Longest `error` or `error_description` quoted in an error message, in characters. */
const MAX_QUOTED_CHARS = 200;
// Control characters (C0, DEL, C1) and the bidirectional overrides that could reorder a log line.
const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Why the API refused, from its `WWW-Authenticate` Bearer challenge (RFC 6750 §3: `error` and
 * `error_description`), for an error message: ` (Bearer error invalid_token: <description>)`, or
 * `''` when the answer has no Bearer challenge with an `error` (or a field that does not follow the
 * grammar). The API's words are its own: control and bidirectional characters are stripped, each
 * is cut to 200 characters, and any of `credentials` (the access token and act assertion sent)
 * quoted back is replaced by `[redacted]`.
 */
export function bearerErrorText(response: Response, credentials: readonly string[]): string {
  const challenge = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '')?.find(
    (candidate) => candidate.scheme === 'bearer' && candidate.params.has('error'),
  );
  if (challenge === undefined) return '';
  const quotable = (text: string): string => {
    let safe = text.replace(UNSAFE_CHARACTERS, '');
    for (const credential of credentials) {
      if (credential !== '') safe = safe.replaceAll(credential, '[redacted]');
    }
    const characters = Array.from(safe);
    return characters.length > MAX_QUOTED_CHARS
      ? `${characters.slice(0, MAX_QUOTED_CHARS - 1).join('')}…`
      : safe;
  };
  const description = challenge.params.get('error_description');
  const said = description === undefined ? '' : `: ${quotable(description)}`;
  return ` (Bearer error ${quotable(challenge.params.get('error') as string)}${said})`;
}
