import type { Act } from '../contracts/act.js';
import type { LogFields } from '../contracts/logger.js';
import { humanIdForLogging } from './human-id-for-logging.js';
import { readsAsEmail } from './reads-as-email.js';
import { routeForLogging } from './route-for-logging.js';

/** What a redacted value prints as. */
export const REDACTED = '***REDACTED***';

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

// A credential as a server or proxy may quote the request it was sent: an HTTP authorization
// value (`Bearer …`, `DPoP …`, `Basic …`, the scheme in any case as RFC 9110 §11.1 allows, its
// token68 at least 16 characters long, so that "a Bearer or PoP token" stays, or shorter but ending
// in base64 padding, as `Basic Ym9iOmh1bnRlcjI=` does), a token or secret sent as a query or form
// parameter (`access_token=…`, `client_secret=…`, an API key's `key=…` or `api_key=…`, a signed
// URL's `sig=…`, 16 characters or more, so `token=expired` stays),
// an AWS SigV4 `Signature=` (replayable for minutes), or a JWT (`eyJ…`, a base64url JSON header).
// A control character between a scheme and its value counts as a blank, and so do a URL's `%20`
// and a form's `+` (`?authorization=Bearer%20…`): the text is read before
// `trimRemoteText` makes control characters spaces, so that a quoted header ends at its line end.
const QUOTED_AUTHORIZATION =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character is a blank here
  /\b(?:bearer|dpop|basic)(?:[\s\u0000-\u001f\u007f]|%20|\+)+(?:[\w.~+/-]{16,}=*|[A-Za-z0-9+/]{2,}={1,2}(?=$|[\s\u0000-\u001f\u007f,;)]))|\b(?:access_token|refresh_token|id_token|token|client_secret|client_assertion|password|secret_id|sig|api-key|key|api_key|apikey)=[^\s&#"',;]{16,}|\bSignature=[0-9a-f]{64}/gi;
// A JWT starts a `[\w-]` run: were it searched for at every `eyJ` after a `-` too, each search
// would read on to the run's end for the `.`, and `eyJ-` repeated would cost the square of its
// length (64 KiB took 3.5 s).
const QUOTED_JWT = /(?<![\w-])eyJ[\w-]{8,}\.[\w.~+/=-]*/g;
// What may stand between a credential's name and its value: a colon (or a look-alike one, which
// a server's font-swapped echo may have: fullwidth, small, vertical, modifier letter, ratio) or an
// equals sign, with blanks and a header's folding onto the next line (RFC 9112 §5.2 obs-fold), the
// name and the value each in quotes or not (JSON's `"…":"…"`, a Python dict's `'…': '…'`, and
// JSON escaped inside a JSON string, `\"…\":\"…\"`).
const COLONS = ':\uff1a\ufe55\ufe13\ua789\u2236';
const BLANKS = String.raw`(?:[ \t]|\r?\n[ \t])`;
const QUOTE = String.raw`(?:\\?["'])?`;
const SEPARATOR = String.raw`${QUOTE}[ \t]*[=${COLONS}]${BLANKS}*${QUOTE}`;
// A credential header quoted with its name (`Authorization: …`, `Proxy-Authorization: …`, and the
// `X-Act-Assertion: …` of docs/wire-format.md; JSON's `"authorization":"…"` and a query's
// `authorization=…` too) whose value has no scheme, as an API that takes a bare key is sent, or a
// scheme other than Bearer, DPoP and Basic (`Token …`, `ApiKey …`, `Negotiate …`: RFC 9110 §11.4
// lets any scheme precede a token68): a word of 16 characters or more that is not prose
// (`insufficient_scope`). A lower-case word before it is prose (`authorization: denied <id>`)
// unless it names a scheme that is sent in lower case (`token …`, as some APIs document it). Its whole value goes, up to the line end, a quote, a comma, a `&` or a
// `\`. A Bearer, DPoP or Basic value is QUOTED_AUTHORIZATION's.
const QUOTED_HEADER = new RegExp(
  String.raw`\b((?:proxy-)?authorization|x-act-assertion)(${SEPARATOR})(?:(?!(?:bearer|dpop|basic)\b)([A-Za-z][\w-]*)${BLANKS}+)?([\w.~+/=-]{16,})`,
  'gi',
);
// A token or secret field written as a header or a JSON member (`password: …`,
// `"access_token":"…"`, `X-Amz-Security-Token: …`, an API key's `X-Api-Key: …`, `api-key: …`,
// `…-Subscription-Key: …` or `"apiKey":"…"`, a secret access key's `…_secret_access_key: …` or
// `"SecretAccessKey":"…"`; the name may follow a `_`); the `name=value` of a query or form is
// QUOTED_AUTHORIZATION's. A prose value stays (`token: signature_verification_failed`), except
// for a password or secret, which may read as prose.
const QUOTED_FIELD = new RegExp(
  String.raw`(?:\b|(?<=_))(access_token|refresh_token|id_token|token|client_secret|client_assertion|password|secret_id|api[-_]?key|subscription-key|secret_?access_?key)((?:\\?["'][ \t]*[=${COLONS}]|[ \t]*[${COLONS}])${BLANKS}*${QUOTE})([^\s&#"',;\\]{16,})`,
  'gi',
);
// The access key id of an AWS SigV4 `Credential=` (a header's or a presigned URL's
// `X-Amz-Credential=`): who signed. The scope after it (date, region, service) stays.
const SIGV4_KEY_ID = /\b(Credential=)[A-Z0-9]{16,128}(?=\/|%2F)/g;
// A word as people and programs write one, not a key: parts joined by `_`, `-` or `.`, each in
// lower case, UPPER case, Capitalized or PascalCase (each hump of two lower-case letters or more:
// `AccessDeniedException`, `ERR_ACCESS`, `com.example.TokenExpired`), a part after the first may
// be a short number (up to 8 digits, or `0x` and up to 16 hex digits: `_404`, `0x80070005`; a
// longer one is a key's, as in `xoxb-<13 digits>-…` or `Key_0x<64 hex>`). A key mixes digits in, or humps of one letter (`ZmYvbFhQ`). Each part
// is read one way only: a run of capitals, then small letters and humps after them. Were a hump
// allowed straight after the capitals, `Abc` would read two ways and a long word of such parts
// that fails in the end (`AbcAbc.` repeated, then `+`) would try 2^parts readings.
const PROSE_PART = '[A-Z]*(?:[a-z]+(?:[A-Z][a-z]{2,})*)?';
const PROSE_WORD = new RegExp(
  `^(?=[A-Za-z])${PROSE_PART}(?:[_.-](?:${PROSE_PART}|\\d{1,8}|0x[\\dA-Fa-f]{1,16}))*$`,
);
const PROSE_BEFORE_VALUE =
  /^(?!(?:token|apikey|api-key|key|negotiate|ntlm|digest|oauth|hawk)$)[a-z]+$/;
const HEADER_VALUE_END = /[\r\n"',&\\]/;

// The value is cut here rather than matched to its end, so that a header quoted later on the
// line of one that stays (prose) is still read, and the text is read once.
function withoutBareHeaderValues(text: string): string {
  let kept = '';
  let from = 0;
  for (const match of text.matchAll(QUOTED_HEADER)) {
    const [quoted, name, colon, scheme = '', first = ''] = match;
    const { index } = match;
    if (index < from || PROSE_WORD.test(first) || PROSE_BEFORE_VALUE.test(scheme)) continue;
    const valueFrom = index + quoted.length;
    const end = text.slice(valueFrom).search(HEADER_VALUE_END);
    kept += `${text.slice(from, index)}${name}${colon}${REDACTED}`;
    from = end < 0 ? text.length : valueFrom + end;
  }
  return kept + text.slice(from);
}

/**
 * `text` with every credential it quotes replaced by {@link @dual-auth/core!REDACTED}, as a
 * server or proxy may quote the request it was sent in an error message: an HTTP authorization
 * value with its scheme (`Bearer …`, `DPoP …`, `Basic …`, in any case as RFC 9110 §11.1 allows; a
 * token68 of 16 characters or more, or a shorter one ending in base64 padding), the whole value
 * of an `Authorization`, `Proxy-Authorization` or `X-Act-Assertion` header quoted without a
 * scheme or with another one (`Token …`, `ApiKey …`, `Negotiate …`; up to the line end, a quote,
 * a comma, a `&` or a `\`, when its credential word has 16 characters or more and is not a prose
 * word), a token or secret sent as a query or form parameter (`access_token=…`,
 * `client_secret=…`, 16 characters or more) or written as a header or a JSON member
 * (`password: …`, `"access_token":"…"`), an AWS SigV4 `Signature=` and the access key id of its
 * `Credential=`, and a JWT (`eyJ…`). A name and its value are read with `:` or `=` between them,
 * a look-alike colon (`：`), blanks, a folded line (RFC 9112 §5.2), and quotes around either (JSON,
 * escaped JSON, a Python dict). Words stay: "a Bearer or PoP token", "Authorization failed",
 * `token=expired`.
 *
 * This is the credential part of {@link @dual-auth/core!trimRemoteText} without its control
 * character removal, trimming and cap: for a backend that adds its vendor's own credential shapes
 * on top, or a caller that cuts the text its own way.
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
  return withoutBareHeaderValues(text)
    .replace(QUOTED_FIELD, (quoted, name: string, separator: string, value: string) =>
      PROSE_WORD.test(value) && !/password|secret/i.test(name)
        ? quoted
        : `${name}${separator}${REDACTED}`,
    )
    .replace(QUOTED_AUTHORIZATION, REDACTED)
    .replace(QUOTED_JWT, REDACTED)
    .replace(SIGV4_KEY_ID, `$1${REDACTED}`);
}

/**
 * Trims text from an IdP or a store (an `error_description`, a service's error message) to a
 * length safe to keep in an error, with any credential it quotes replaced by {@link REDACTED}
 * ({@link @dual-auth/core/secrets-kit!redactQuotedCredentials}) and control characters made spaces.
 */
export function trimRemoteText(text: unknown, max = 200): string | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = redactQuotedCredentials(text)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
