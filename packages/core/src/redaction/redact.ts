import type { Act } from '../contracts/act.js';
import type { LogFields } from '../contracts/logger.js';
import { cutText } from './cut-text.js';
import { humanIdForLogging } from './human-id-for-logging.js';
import { readsAsProse } from './prose-word.js';
import {
  DIGEST_RESPONSE,
  DIGEST_USERNAME,
  HEADER_VALUE_END,
  OAUTH_CODE,
  PERSON_MEMBER,
  PROSE_BEFORE_VALUE,
  QUOTED_AUTHORIZATION,
  QUOTED_COOKIE,
  QUOTED_FIELD,
  QUOTED_HEADER,
  QUOTED_JWT,
  SECRET_FIELD,
  SIGV4_KEY_ID,
} from './quoted-credential-shapes.js';
import { readsAsEmail } from './reads-as-email.js';
import { MAX_READ_TEXT, REDACTED } from './redacted.js';
import { routeForLogging } from './route-for-logging.js';
import { valueEnd } from './value-end.js';
import { withoutPersonalText } from './without-personal-text.js';

export { MAX_READ_TEXT, REDACTED } from './redacted.js';

/** The key of the method Node's `util.inspect` calls: a secret holder redacts there too. */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A URL fit for logs and errors: origin and path only, no query, fragment, credentials or path
 * parameters (`;jsessionid=…`).
 * Unparseable input gives `"unknown"` (as the reference's `_get_url_for_logging`).
 */
export function urlForLogging(url: string | URL): string {
  try {
    const parsed = new URL(url);
    // Path parameters (RFC 3986 §3.3, `;jsessionid=…`) carry session ids as a query does.
    const path = parsed.pathname.replace(/;[^/]*/g, '');
    return `${parsed.origin}${path}`;
  } catch {
    return 'unknown';
  }
}

/**
 * A parsed URL for logs, telemetry and error messages: its origin and its path as
 * {@link routeForLogging} trims it. Unlike {@link urlForLogging}, which keeps every path segment,
 * a segment that may name a person or hold a secret (an email, an id, a key, a hosted server's
 * per-user path key) shows as `:redacted`; credentials, query, fragment and path parameters
 * (`;jsessionid=…`) are dropped. A URL without an origin (`api://…`, `url.origin` is `'null'`)
 * gives `null` followed by its trimmed path: callers with such names show them their own way.
 *
 * @example
 * urlRouteForLogging(new URL('https://u:pw@api.example/users/jane@corp.example/balance?x=1#f'));
 * // 'https://api.example/users/:redacted/balance'
 */
export const urlRouteForLogging = (url: URL): string => url.origin + routeForLogging(url.pathname);

/**
 * The loggable view of a human: the IAM identifiers (`human_id` by {@link humanIdForLogging}:
 * the `oid`, else `act.sub` or its digest when it reads as an email; `oid`, its digest when it
 * reads as one, by {@link readsAsEmail}) and which claim names were present — never the email or
 * name.
 */
export function actForLogging(act: Act): LogFields {
  return {
    human_id: humanIdForLogging(act),
    // An `oid` that reads as an email (one an IdP mapper put there, `%40` and look-alike `@`s
    // included) as its digest: `human_id` is it.
    ...(typeof act.oid === 'string'
      ? { oid: readsAsEmail(act.oid) ? humanIdForLogging(act) : act.oid }
      : {}),
    fields_present: Object.keys(act).sort(),
  };
}

// A header's whole value goes when its first word is a credential, not prose. The value is cut
// here rather than matched to its end, so that a header quoted later on the line of one that stays
// (prose) is still read, and the text is read once.
function withoutBareHeaderValues(text: string): string {
  let kept = '';
  let from = 0;
  for (const match of text.matchAll(QUOTED_HEADER)) {
    const [quoted, name, colon, scheme = '', first = ''] = match;
    const { index } = match;
    if (index < from || readsAsProse(first) || PROSE_BEFORE_VALUE.test(scheme)) continue;
    const valueFrom = index + quoted.length;
    const end = text.slice(valueFrom).search(HEADER_VALUE_END);
    kept += `${text.slice(from, index)}${name}${colon}${REDACTED}`;
    from = end < 0 ? text.length : valueFrom + end;
  }
  return kept + text.slice(from);
}

// The value after each match of `pattern` (whose last group is the value's opening quote) goes up
// to its end (`valueEnd`; a URL-encoded one when the match holds a `%`), unless it is empty or
// `kept` says it stays. A match inside a value blanked is skipped, so that the text is read once.
function withoutValuesAfter(
  text: string,
  pattern: RegExp,
  kept: (match: RegExpExecArray, value: string) => boolean,
): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(pattern) as IterableIterator<RegExpExecArray>) {
    const { index } = match;
    if (index < from) continue;
    const valueFrom = index + match[0].length;
    const end = valueEnd(text, valueFrom, match.at(-1) ?? '', match[0].includes('%'));
    const value = text.slice(valueFrom, end);
    if (value.trim() === '' || kept(match, value)) continue;
    out += `${text.slice(from, valueFrom)}${REDACTED}`;
    from = end;
  }
  return out + text.slice(from);
}

// Whether a short token68 without padding decodes to a Basic credential's `user:password`
// (RFC 7617 §2), so that a word after a scheme (`Basic auth failed`) stays.
function readsAsBasicCredentials(token68: string): boolean {
  try {
    return atob(token68).includes(':');
  } catch {
    return false;
  }
}

// A token's, an assertion's or an API key's value that reads as prose, each of its words, stays
// (`token=expired`); a password's or a secret's goes whatever it reads as.
const keptAsProse = ([, alwaysSecret]: RegExpExecArray, value: string): boolean =>
  alwaysSecret === undefined && value.trim().split(/\s+/).every(readsAsProse);

/**
 * `text` with every credential it quotes replaced by {@link @dual-auth/core!REDACTED}, as a server
 * or proxy may quote the request it was sent in an error message: an HTTP authorization value with
 * its scheme (`Bearer …`, `DPoP …`, `Basic …`, in any case as RFC 9110 §11.1 allows; a token68 of
 * 16 characters or more, its pieces on folded lines together, or a shorter one ending in base64
 * padding or decoding to `user:password`, RFC 7617 §2: `Basic dTpw`), the whole value of an `Authorization`, `Proxy-Authorization` or `X-Act-Assertion`
 * header quoted without a scheme or with another one (`Token …`, `ApiKey …`, `Negotiate …`; up to a
 * line end that no fold continues, a quote, a comma, a `&` or a `\`, when its credential word has
 * 16 characters or more and is not a prose word), a token or secret sent as a query or form
 * parameter (`access_token=…`, `client_secret=…`, 16 characters or more and, but for a password's
 * or secret's, not a prose word: `token=AccessDeniedException` stays) or written as a header or
 * a JSON member (`password: …`, `"access_token":"…"`), a shorter value under a secret's name too
 * (`password=hunter2`, `{"pwd":"…"}`, `X-Api-Key: k3y9`; a quoted one whole, to its closing quote:
 * a password of several words, a PEM key): a password's, passwd's, pwd's, pass's, passphrase's, secret's,
 * client secret's, private key's, OTP's, PIN's or MFA code's whatever it reads as (under a longer
 * name that ends in one or confirms one too: `newPassword`, `password_confirmation`, `appSecret`,
 * `secretKey`), and a token's (`authToken`, `session_token`), assertion's or API key's unless
 * each of its words is prose (`token=expired`), the value of a `Cookie` or `Set-Cookie`
 * header (RFC 6265 §4.1.1, up to a line end that no fold continues, a `\` or a quote; written as
 * an array, `"set-cookie":["sid=…","csrf=…"]`, or an object, the whole of it; as a tuple,
 * `("set-cookie", "sid=…")`), an OAuth
 * authorization code, PKCE verifier or device code sent as a parameter (`code=…`,
 * `code_verifier=…`, `device_code=…`) or written as a JSON member (`"code":"…"`; 16 characters or
 * more and not a prose word; RFC 6749 §4.1.2, RFC 8628 §3.2), the `response` of a Digest
 * authorization (32 hex digits or more, RFC 7616 §3.4) and its `username` (a person's login or
 * email; `username*=` too, blanks around the `=`, and a form's `username=`, `user=` or `login=`, URL-encoded too), the string value of a JSON or Python member
 * that names a person (`"username"`, `"user"`, `"login"`, `"email"`, `"upn"`, `"unique_name"`,
 * `"preferred_username"`, `"nickname"`, `"name"`, `"given_name"`, `"middle_name"`, `"family_name"`,
 * `"phone_number"`: OpenID Connect Core §5.1's claims; a directory user's, as Microsoft Graph's
 * `"displayName"`, `"givenName"`, `"surname"`, `"mail"`, `"userPrincipalName"`, `"mobilePhone"`,
 * and `"firstName"`, `"last_name"`, `"fullName"`, `"emailAddress"`; in backticks or typographic
 * quotes too, `“name”: “…”`; whole to the closing quote),
 * an AWS SigV4
 * `Signature=` and the access key id of its `Credential=`, and a JWT (`eyJ…`). A name and its value are read with `:`, `=` or a Ruby hash's `=>`
 * between them, a look-alike colon (`：`), blanks, a folded line (RFC 9112 §5.2), and quotes around
 * either (JSON, escaped JSON, a Python dict, backticks, typographic quotes), a no-break space
 * before the separator, and for a secret's value also an XML element (`<password>…</password>`)
 * and a command line's `--password …` (not `-p`, a port to ssh); URL-encoded too (`%3A`, `%3D`, `%20`, a token's
 * `%2B`, `%2F`, a JWT's `%2E` dots), once or more (`%253D`, a URL inside another's query). Words stay: "a Bearer or PoP token", "Authorization failed",
 * `token=expired`, `code=invalid_request`.
 *
 * This is the credential part of {@link @dual-auth/core!trimRemoteText} without its control
 * character removal, trimming and cap: for a backend that adds its vendor's own credential shapes
 * on top, or a caller that cuts the text its own way. A text longer than 1 MiB (1 048 576
 * characters) is read to there, less the word the cut split, and ends in `…`.
 *
 * @example
 * ```ts
 * import { redactQuotedCredentials } from '@dual-auth/core/secrets-kit';
 *
 * redactQuotedCredentials('Invalid Credentials: Bearer abcdefghijklmnop0123');
 * // 'Invalid Credentials: ***REDACTED***'
 * ```
 */
export function redactQuotedCredentials(text: string): string {
  const read = cutText(text, MAX_READ_TEXT);
  return `${withoutQuotedCredentials(read)}${read === text ? '' : '…'}`;
}

function withoutQuotedCredentials(text: string): string {
  const read = withoutBareHeaderValues(text)
    .replace(QUOTED_COOKIE, `$1$2${REDACTED}`)
    .replace(QUOTED_FIELD, (quoted, name: string, separator: string, value: string) =>
      // A prose value stays (`token: signature_verification_failed`), except for a password or
      // secret, which may read as prose.
      readsAsProse(value) && !/password|secret/i.test(name)
        ? quoted
        : `${name}${separator}${REDACTED}`,
    )
    .replace(QUOTED_AUTHORIZATION, (quoted, short?: string, name = '', value?: string) =>
      // A short value without padding goes when it is a Basic credential (`Basic dTpw`, `u:p`);
      // a parameter's value that reads as prose stays (`token=AccessDeniedException`), except a
      // password's or a secret's, which may read as prose.
      (short !== undefined && !short.endsWith('=') && !readsAsBasicCredentials(short)) ||
      (value !== undefined && readsAsProse(value) && !/password|secret/i.test(name))
        ? quoted
        : REDACTED,
    )
    .replace(OAUTH_CODE, (quoted, name: string, value: string) =>
      readsAsProse(value) ? quoted : `${name}${REDACTED}`,
    )
    .replace(QUOTED_JWT, REDACTED)
    .replace(DIGEST_RESPONSE, `$1${REDACTED}`)
    .replace(DIGEST_USERNAME, `$1${REDACTED}`)
    .replace(SIGV4_KEY_ID, `$1${REDACTED}`);
  // Last, so that a long value the rules above blank with its name (`access_token=…`) is theirs.
  const withoutSecrets = withoutValuesAfter(read, SECRET_FIELD, keptAsProse);
  return withoutValuesAfter(withoutSecrets, PERSON_MEMBER, () => false);
}

/**
 * Trims text from an IdP or a store (an `error_description`, a service's error message) to a
 * length safe to keep in an error, with every email address (plain or disguised, as
 * `withoutPersonalText` finds one: `%40`, `&#64;`, full-width) and any credential it quotes
 * replaced by {@link REDACTED} ({@link @dual-auth/core/secrets-kit!redactQuotedCredentials}) and
 * control characters made spaces.
 * Only its first `8 × max` characters are read, less the word the cut split.
 */
export function trimRemoteText(text: unknown, max = 200): string | undefined {
  if (typeof text !== 'string') return undefined;
  // Cut first, with room for redactions that shrink the text.
  const clean = redactQuotedCredentials(withoutPersonalText(cutText(text, max * 8)))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
