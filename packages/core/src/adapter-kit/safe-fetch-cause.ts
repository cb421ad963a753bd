import { REDACTED, trimRemoteText, urlRouteForLogging } from '../redaction/redact.js';

const MAX_CAUSE_DEPTH = 4;
const MAX_MESSAGE = 500;
// A URL quoted in a runtime's message, up to the next blank less the punctuation that closes the
// quote: Node quotes the whole URL it refused ("Request cannot be constructed from a URL that
// includes credentials: https://user:pass@…"), Deno the URL it could not reach ("error sending
// request for url (https://…?key=…): …"). No word boundary before it: a URL glued to a digit or an
// underscore (`1https://u:pw@…`) is still found, from its first letter on.
const QUOTED_URL = /[a-z][a-z\d+.-]*:\/\/\S+?(?=[)\]>'",.;:]*(?:\s|$))/gi;

/** A quoted URL as logs show one: origin and trimmed path, no credentials, query or fragment. */
function shownUrl(quoted: string): string {
  const url = URL.canParse(quoted) ? new URL(quoted) : undefined;
  return url === undefined || url.origin === 'null' ? REDACTED : urlRouteForLogging(url);
}

/**
 * A copy of a `fetch` failure and its `cause` chain (4 deep) that is safe to keep as an error's
 * `cause`: each error's name, string `code` and message (at most 500 characters), nothing else (an
 * injected fetch's error, ky's `HTTPError` or a proxy agent's, may hold the request with its
 * credentials; Bun's holds the URL in `path`), every URL its message quotes cut to its origin and
 * path as core's `urlRouteForLogging` gives them (no userinfo, query or fragment). A `TypeError`
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
    trimRemoteText(error.message.replace(QUOTED_URL, shownUrl), MAX_MESSAGE) ?? error.name;
  const copy = error instanceof TypeError ? new TypeError(message) : new Error(message);
  copy.name = error.name;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code });
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    Object.defineProperty(copy, 'cause', {
      value: safeFetchCause(error.cause, depth + 1),
      configurable: true,
      writable: true,
    });
  }
  return copy;
}
