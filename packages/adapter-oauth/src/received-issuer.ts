import { quoteIssuer } from './quote-issuer.js';

// Longer than any issuer seen in practice (Entra B2C, Cognito: under 80 characters); a token or
// a pasted value is longer.
const MAX_SHOWN_LENGTH = 120;

/** Why `iss` cannot be an issuer, in words; undefined when it may be one. */
function notAnIssuer(iss: string): string | undefined {
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not an http(s) URL';
  if (url.username !== '' || url.password !== '') return 'a URL with credentials';
  if (iss.includes('@')) return 'a URL with an @';
  if (/[?#]/.test(iss)) return 'a URL with a query or fragment';
  if (iss.length > MAX_SHOWN_LENGTH) return 'a URL';
  return undefined;
}

/**
 * The `iss` of a received token (RFC 7519 §4.1.1) as a refusal shows it: `quoteIssuer`'s form
 * when it may be an issuer (RFC 8414 §2: an http(s) URL without credentials, `@`, query or
 * fragment, at most 120 characters), else only what it is and its length (`(not a URL, 23
 * characters)`): an unverified `iss` may carry an email or a token, never to be logged.
 */
export function receivedIssuer(iss: unknown): string {
  if (typeof iss !== 'string') return quoteIssuer(iss);
  const why = notAnIssuer(iss);
  return why === undefined ? quoteIssuer(iss) : `(${why}, ${iss.length} characters)`;
}
