import { quoteIssuer } from './quote-issuer.js';

/**
 * The `iss` of a received token (RFC 7519 §4.1.1) as a refusal shows it: `quoteIssuer`'s form
 * when it may be an issuer (RFC 8414 §2: an http(s) URL without `@` or `%40`, query or fragment,
 * at most 120 characters, longer than any issuer seen: Entra B2C and Cognito stay under 80), else
 * only what it is and its length (`(not a URL, 23 characters)`): an unverified `iss` may carry an email or a
 * token, never to be logged.
 */
export function receivedIssuer(iss: unknown): string {
  if (typeof iss !== 'string') return quoteIssuer(iss);
  const why = !URL.canParse(iss)
    ? 'not a URL'
    : // `%40` is an `@` to whoever reads the URL decoded (an email in its path).
      /@|%40/.test(iss)
      ? 'a URL with an @'
      : /^https?:\/\/[^?#]{1,112}$/i.test(iss)
        ? undefined
        : 'not an issuer URL';
  return why === undefined ? quoteIssuer(iss) : `(${why}, ${iss.length} characters)`;
}
