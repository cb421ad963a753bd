import { withoutPersonalText } from '@dual-auth/core';
import { readsAsEmail } from '@dual-auth/core/adapter-kit';
import { echoesCredential } from './credential-echo.js';
import { besideGrantedScopes, peopleInCredentials, writtenForms } from './people-in-credentials.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

/** Longest `error_description` quoted in an error message, in characters. */
const MAX_DESCRIPTION_CHARS = 200;
// Error codes of RFC 6750 §3.1 and RFC 9449 §7.1/§9 (DPoP); anything else is written `other`.
const KNOWN_ERRORS = new Set([
  'invalid_request',
  'invalid_token',
  'insufficient_scope',
  'invalid_dpop_proof',
  'use_dpop_nonce',
]);
// Everything but printable ASCII: controls, format characters (soft hyphen, zero-width, bidi), and
// all non-ASCII, which a log viewer may not show as it is.
const UNPRINTABLE = /[^\x20-\x7e]/g;
// An address: a local part, `@`, a domain with a dot. A refusal wording the human by the act.email
// every legacy-layout token carries must not put it in the caller's logs (docs/logging.md). One
// character each side of `@` and of the dot is enough, and keeps the search linear on a long field.
const EMAIL = /[^\s@]@[^\s@.]+\.[^\s@]/;
// `@` disguised: `%40`, and the fullwidth and small commercial at (U+FF20, U+FE6B), as characters or
// as the UTF-8 bytes a header carries (read as Latin-1), which dropping the non-ASCII would glue
// into `janeexample.com`.
const DISGUISED_AT = /%40|[\uFF20\uFE6B]|\xEF\xBC\xA0|\xEF\xB9\xAB/gi;
// An address spelled out: `at` then `dot` between words, each spaced or bracketed
// (`jane at example dot com`, `jane[at]example[dot]com`). Ordinary refusals rarely have both in
// that order ("expired at 10:00" has no `dot`); a word each side of each keeps the search linear.
const SPELLED_EMAIL = /\w(?: | ?[([{])at(?: |[)\]}] ?)[\w-]+(?: | ?[([{])dot(?: |[)\]}] ?)\w/i;
// A bracketed `at` between words (`jane[at]example`, `jane (at) example`) needs no `dot`: ordinary
// text never brackets the word. A spaced one without `dot` stays ordinary English ("look at
// example", "the docs at api.example.com"), which no rule tells from `jane at example.com`.
const BRACKETED_AT = /\w ?[([{]at[)\]}] ?\w/i;

/** Whether an API's text names a person by email, plainly or disguised. */
const namesByEmail = (raw: string, printable: string): boolean =>
  raw.split(/\s+/).some((word) => word.length > 1 && readsAsEmail(word)) ||
  EMAIL.test(printable) ||
  EMAIL.test(raw.replace(DISGUISED_AT, '@')) ||
  SPELLED_EMAIL.test(printable) ||
  BRACKETED_AT.test(printable);

/**
 * `text` with each person the credentials sent name (`act`, the human's own claims of a JWT) and
 * each of `people`, in the forms of {@link writtenForms}, blanked by core's `withoutPersonalText`
 * (case-insensitively, as whole words, a name also surname first), less the scope names the
 * credentials grant ({@link besideGrantedScopes}). Names have no shape to find them by: the call
 * knows whom it acts for, and looks for them.
 */
function withoutPeople(
  text: string,
  credentials: readonly string[],
  people: readonly string[],
): string {
  const named = [...people, ...peopleInCredentials(credentials)].filter(
    (person) => typeof person === 'string' && person.trim() !== '',
  );
  if (named.length === 0) return text;
  // Beside the scope names the credentials grant: a word of a name that is one stays a scope name.
  return withoutPersonalText(text, besideGrantedScopes(writtenForms(named), credentials));
}

/**
 * Why an API refused, read from its `WWW-Authenticate` challenge with the rules of
 * `challengeErrorText`: `error` one of the registered codes or `other`; `description` the
 * `error_description` as printable ASCII cut to 200 characters, absent when there is none or when
 * it was `leftOut` (it names a person by email, or quotes 12 characters or more of a credential).
 */
export interface ChallengeRefusal {
  /** The challenge's scheme as registered: `Bearer` (RFC 6750) or `DPoP` (RFC 9449). */
  readonly scheme: 'Bearer' | 'DPoP';
  /** `invalid_request`, `invalid_token`, `insufficient_scope`, `invalid_dpop_proof`, `use_dpop_nonce` or `other`. */
  readonly error: string;
  /** The sanitized `error_description`, when one may be shown. */
  readonly description?: string;
  /** Why the description was left out. */
  readonly leftOut?: 'email' | 'credential';
}

/**
 * The Bearer or DPoP challenge with an `error` of `response` (RFC 6750 §3, RFC 9449 §7.1),
 * sanitized as `challengeErrorText` says, for an error that carries it as fields; undefined
 * when the answer has none (or a field that does not follow the grammar).
 *
 * @param credentials - what was sent (access token, act assertion, proofs): a description quoting
 *   one is left out.
 * @param sentScheme - the token's type: when both challenges carry an `error`, this one is read.
 * @param people - who the call is made for besides whom `credentials` name (the identity's
 *   `humanId`): blanked in the description, as the people of the credentials are.
 */
export function challengeRefusal(
  response: Response,
  credentials: readonly string[],
  sentScheme: string,
  people: readonly string[] = [],
): ChallengeRefusal | undefined {
  const challenges =
    parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '')?.filter(
      ({ scheme, params }) => (scheme === 'bearer' || scheme === 'dpop') && params.has('error'),
    ) ?? [];
  const challenge =
    challenges.find(({ scheme }) => scheme === sentScheme.toLowerCase()) ?? challenges[0];
  if (challenge === undefined) return undefined;
  const given = challenge.params.get('error') as string;
  const scheme = challenge.scheme === 'dpop' ? 'DPoP' : 'Bearer';
  const error = KNOWN_ERRORS.has(given) ? given : 'other';
  const givenDescription = challenge.params.get('error_description');
  if (givenDescription === undefined || givenDescription.replace(UNPRINTABLE, '') === '') {
    return { scheme, error };
  }
  if (namesByEmail(givenDescription, givenDescription.replace(UNPRINTABLE, ''))) {
    return { scheme, error, leftOut: 'email' };
  }
  const raw = withoutPeople(givenDescription, credentials, people);
  const description = raw.replace(UNPRINTABLE, '');
  const cut =
    description.length > MAX_DESCRIPTION_CHARS
      ? `${description.slice(0, MAX_DESCRIPTION_CHARS - 1)}…`
      : description;
  return echoesCredential(cut, credentials)
    ? { scheme, error, leftOut: 'credential' }
    : { scheme, error, description: cut };
}

/**
 * Why the API refused, from its `WWW-Authenticate` Bearer or DPoP challenge (`error` and
 * `error_description`: RFC 6750 §3, RFC 9449 §7.1, with `use_dpop_nonce` of §8/§9), for an error
 * message: ` (Bearer error invalid_token: <description>)`, ` (DPoP error invalid_dpop_proof)`, or
 * `''` when the answer has no such challenge with an `error` (or a field that does not follow the
 * grammar). When both carry an `error`, the one of `sentScheme` (the token's type) is read, else
 * the first. The message goes to the caller's logs, so the API's words are written only where they
 * cannot carry a credential: `error` only as one of the registered codes (`invalid_request`,
 * `invalid_token`, `insufficient_scope`, `invalid_dpop_proof`, `use_dpop_nonce`; else `other`);
 * `error_description` as printable ASCII only (anything else dropped), cut to 200 characters, and
 * left out entirely when it carries 12 characters or more of one of `credentials` (the access
 * token, act assertion and caller credential headers sent; see `echoesCredential`) or an
 * email address (a word core's `readsAsEmail` reads as one, as `name@host` with or without a dot,
 * or `name@domain.tld`: the human's `act.email`, which legacy-layout tokens carry),
 * also disguised: `name%40domain.tld`, a look-alike `@` (U+FF20, U+FE6B), or spelled out with the
 * words `at` and `dot`, spaced or bracketed (`name at domain dot tld`, `name[at]domain[dot]tld`),
 * or with a bracketed `at` alone (`name[at]domain`, `name (at) domain`). Names have no shape: each
 * person the call knows of is blanked as `***REDACTED***` (core's `withoutPersonalText`: whole
 * words, any case, a name also surname first), also percent-encoded (`%20` or `+` for spaces) and
 * as a header's Latin-1 reading of its UTF-8: `people` (the call's `humanId`) and, of each
 * credential that is a compact JWT (read, not verified), the string claims of `act` and the human's
 * own (`sub`, `email`, `name`, `given_name`, `family_name`, `preferred_username`, `upn`, …) but the
 * scope names it grants. An opaque token names no one the client could look for.
 */
export function challengeErrorText(
  response: Response,
  credentials: readonly string[],
  sentScheme: string,
  people: readonly string[] = [],
): string {
  const refusal = challengeRefusal(response, credentials, sentScheme, people);
  if (refusal === undefined) return '';
  const said = ` (${refusal.scheme} error ${refusal.error}`;
  if (refusal.leftOut === 'email')
    return `${said}; its description left out: it names a person by email)`;
  if (refusal.leftOut === 'credential')
    return `${said}; its description left out: it quotes a credential sent)`;
  return refusal.description === undefined ? `${said})` : `${said}: ${refusal.description})`;
}
