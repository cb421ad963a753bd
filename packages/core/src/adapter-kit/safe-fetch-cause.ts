import { errorClassOf } from '../errors/error-class-of.js';
import { cutText } from '../redaction/cut-text.js';
import { REDACTED, trimRemoteText, urlRouteForLogging } from '../redaction/redact.js';
import { withoutPersonalText } from '../redaction/without-personal-text.js';

const MAX_CAUSE_DEPTH = 4;
const MAX_MESSAGE = 500;
// What is read of a message: a search for a URL that never ends reads on to the text's end from
// each start (100 000 letters took 22 s), and redaction only shortens what is kept of the rest.
const MAX_READ = /* @__PURE__ */ (() => MAX_MESSAGE * 4)();
// A URL quoted in a runtime's message, up to the next ASCII blank less the punctuation that closes
// the quote: Node quotes the whole URL it refused ("Request cannot be constructed from a URL that
// includes credentials: https://user:pass@…"), Deno the URL it could not reach ("error sending
// request for url (https://…?key=…): …"). A URL written out has no other blank; one of
// U+00A0, U+3000 or U+2028 is part of a raw URL. Also scheme-relative (`//user:pw@proxy`).
const QUOTED_URL = /(?:[a-z][a-z\d+.-]*:)?\/\/[^\t-\r ]+?(?=[)\]>'",.;:]*(?:[\t-\r ]|$))/gi;
// What may open a quote before a URL, and what closes one: before a colon, a blank or the end.
const OPENING = `([<'"`;
const CLOSING = /[)\]>'"](?=[:\s]|$)/;

// The closed set of shapes a copy keeps beside its message: a `code` as runtimes write one
// (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`); a `name` as an identifier, as `errorClassOf` keeps it.
const CODE_SHAPE = /^[A-Z0-9_]{1,64}$/;
// Token-like text with no URL around it: an authorization scheme's credentials (quoted or not), a
// `name=value` or `name: value` whose name ends in a secret's word or is a cookie header, its name
// or value quoted or not (JSON's `"access_token":"…"`, `password="…"`), a JWT, and a long word
// mixing letters and digits (an opaque token, an API key).
const SCHEME_CREDENTIALS = /\b(Bearer|DPoP|Basic|Negotiate)[ \t]+["']?[^\s,;)\]>'"]+["']?/gi;
const SECRET_FIELD =
  /\b([\w-]*(?:token|secret|password|passwd|assertion|api[_-]?key|apikey|cookie))(["']?[ \t]*[:=][ \t]*)(?:"[^"]*"|'[^']*'|[^\s,;)\]>'"&]+)/gi;
const JWT_LIKE = /\beyJ[\w-]+(?:\.[\w-]*)*/g;
// Deno's refusal of a permission other than net quotes what it refused: a path (a home folder
// names its user), a variable's or a command's name (https://docs.deno.com/runtime/fundamentals/security/).
// Its head, "Requires <permission> access", is kept: it names the flag (`permissionRefusal`).
const DENO_RESOURCE = /^(Requires (?!net )\w+ access to )".*?"(?=,|$)/;
const OPAQUE_TOKEN = /(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{20,}(?![\w-])/g;

/** `message` without token-like text (or what Deno quoted): each one as {@link REDACTED}. */
function withoutTokenText(message: string): string {
  return message
    .replace(SCHEME_CREDENTIALS, `$1 ${REDACTED}`)
    .replace(SECRET_FIELD, `$1$2${REDACTED}`)
    .replace(JWT_LIKE, REDACTED)
    .replace(OPAQUE_TOKEN, REDACTED)
    .replace(DENO_RESOURCE, `$1"${REDACTED}"`);
}

/** A quoted URL as logs show one: origin and trimmed path, no credentials, query or fragment. */
function shownUrl(quoted: string): string {
  const url = URL.canParse(quoted) ? new URL(quoted) : undefined;
  return url === undefined || url.origin === 'null' ? REDACTED : urlRouteForLogging(url);
}

// `message` with each URL it quotes as `shownUrl` gives it. A raw URL (Node's "Failed to parse
// URL from …" quotes the input as given) may go on past a blank, so after one with userinfo, a
// query or a fragment, or one that does not parse, the rest of the message is cut: unless the URL
// is in brackets or quotes, whose closing one ends it.
function withoutQuotedUrls(message: string): string {
  let kept = '';
  let from = 0;
  for (const match of message.matchAll(QUOTED_URL)) {
    const start = match.index;
    let url = match[0];
    // Inside a URL already cut, or a path's `//` that holds no credentials.
    if (start < from || (url.startsWith('/') && !url.includes('@'))) continue;
    let end = start + url.length;
    if (start > 0 && OPENING.includes(message.charAt(start - 1))) {
      const close = message.slice(start).search(CLOSING);
      end = close < 0 ? message.length : start + close;
      url = message.slice(start, end);
    } else if (/[@?#]/.test(url) || shownUrl(url) === REDACTED) {
      end = message.length;
    }
    kept += message.slice(from, start) + shownUrl(url);
    from = end;
  }
  return kept + message.slice(from);
}

// `message` cut to what is read, without the word the cut split and the pieces folded onto lines
// before it (`cutText`): a part of a URL, an email or a credential is not read as one. A message
// that is one such word keeps nothing.
function readPart(message: unknown): string {
  if (typeof message !== 'string') return '';
  const cut = cutText(message, MAX_READ);
  return cut === message || /[\t-\r ]/.test(cut) ? cut : '';
}

/**
 * A copy of a `fetch` failure and its `cause` chain (4 deep) that is safe to keep as an error's
 * `cause`: each error's name (when an identifier, else `Error`), `code` (only when it matches
 * `/^[A-Z0-9_]+$/`, at most 64 characters, as `ECONNREFUSED`) and message (its first 2 000 characters read, less a word the
 * cut split and the pieces folded onto lines before it; at most 500 kept; a message that is not a string is none), nothing else (an
 * injected fetch's error, ky's `HTTPError` or a proxy agent's, may hold the request with its
 * credentials; Bun's holds the URL in `path`), every URL its message quotes cut to its origin and
 * path as core's `urlRouteForLogging` gives them (no userinfo, query or fragment; after a URL
 * with any of them, or one that does not parse, the rest of the message is cut unless the URL is
 * in brackets or quotes), every email blanked (`withoutPersonalText`), and token-like text
 * blanked: an authorization scheme's credentials (`Bearer …`, `DPoP …`, `Basic …`), the value of a
 * `name=value` or `name: value` whose name ends in `token`, `secret`, `password`, `passwd`,
 * `assertion` or `api_key`, a JWT (`eyJ…`), a word of 20 or more letters, digits, `_`
 * or `-` that mixes letters and digits, and what a Deno refusal of a permission other than net
 * quotes (`Requires read access to "/home/…"`: a path, a variable's name). A `TypeError`
 * stays a `TypeError`, as `fetch` reports every network failure; a thrown non-error becomes
 * `Error: unknown error`.
 *
 * @example
 * safeFetchCause(new TypeError('Request cannot be constructed from a URL that includes credentials: https://u:pw@api.example/x?k=1'));
 * // TypeError: Request cannot be constructed from a URL that includes credentials: https://api.example/x
 */
export function safeFetchCause(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error('unknown error');
  const message =
    trimRemoteText(
      withoutTokenText(withoutPersonalText(withoutQuotedUrls(readPart(error.message)))),
      MAX_MESSAGE,
    ) ?? error.name;
  const copy = error instanceof TypeError ? new TypeError(message) : new Error(message);
  copy.name = errorClassOf(error);
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && CODE_SHAPE.test(code)) Object.assign(copy, { code });
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    Object.defineProperty(copy, 'cause', {
      value: safeFetchCause(error.cause, depth + 1),
      configurable: true,
      writable: true,
    });
  }
  return copy;
}
