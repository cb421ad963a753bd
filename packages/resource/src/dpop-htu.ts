const UNRESERVED = /[A-Za-z0-9\-._~]/;

// RFC 3986 §3 with an authority (§3.2, `//`) that holds no user information (RFC 9110 §4.2.4:
// deprecated in http(s) URIs, a recipient treats it as an error), and no whitespace, control
// character or `\` anywhere (RFC 3986 §2 allows none of them). WHATWG URL parsing repairs each
// of these into a URL (trims, drops tabs and newlines, adds or removes slashes, reads `\` as `/`,
// keeps only the host after `@`), so they are refused before it is used.
const WRITTEN_AS_URI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what it refuses.
  /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\x00-\x20\x7f\\/?#@]+(?:[/?#][^\x00-\x20\x7f\\]*)?$/;

/**
 * True when a DPoP proof's `htu` is written as an absolute URI (RFC 3986 §3, §4.3): a scheme, `//`
 * and a host with no user name or password, and no whitespace, control character or backslash.
 * WHATWG URL parsing, which {@link sameHtu} compares with, would repair any of these into another
 * spelling of a URL; RFC 3986 §6 normalisation would not, so such an htu is refused.
 */
export function isWrittenAsUri(htu: string): boolean {
  return WRITTEN_AS_URI.test(htu);
}

// RFC 3986 §6.2.2.2: a percent-encoded unreserved character is that character; other
// percent-encodings compare with upper-case hex digits (§6.2.2.1).
function normalisedPath(path: string): string {
  return path.replace(/%[0-9A-Fa-f]{2}/g, (encoded) => {
    const char = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
    return UNRESERVED.test(char) ? char : encoded.toUpperCase();
  });
}

// WHATWG URL parsing does the rest of RFC 3986 §6.2.2 and §6.2.3: scheme and host lower-cased,
// the default port dropped, dot segments removed, an empty path made "/".
function normalisedHtu(url: URL): string {
  return `${url.protocol}//${url.host}${normalisedPath(url.pathname)}`;
}

function parsed(value: string): URL | undefined {
  return URL.canParse(value) ? new URL(value) : undefined;
}

/**
 * True when a DPoP proof's `htu` names the URL a request was received at (RFC 9449 §4.3 point
 * 9): both without query and fragment, compared after syntax- and scheme-based normalisation
 * (RFC 3986 §6.2.2, §6.2.3). With `publicBaseUrl` (a proxy in front changes the URL the server
 * sees), the expected URL is it followed by the request's path.
 */
export function sameHtu(htu: string, requestUrl: string, publicBaseUrl: URL | undefined): boolean {
  const proof = parsed(htu);
  const received = parsed(requestUrl);
  if (proof === undefined || received === undefined) return false;
  const expected =
    publicBaseUrl === undefined
      ? received
      : parsed(
          `${publicBaseUrl.origin}${publicBaseUrl.pathname.replace(/\/$/, '')}${received.pathname}`,
        );
  return expected !== undefined && normalisedHtu(proof) === normalisedHtu(expected);
}

// Leading and trailing C0 controls and spaces removed, as WHATWG URL parsing does. A loop, not an
// unanchored /[\x00-\x20]+$/: that tries each run of spaces from every character of it, quadratic
// in a client's htu (~90 ms for the 5 700 spaces an 8 KiB proof holds, on every copy sent).
function trimmedAsUrl(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}

// The path as written: after the scheme and authority (WHATWG URL reads `\` as `/` and allows
// any number of slashes after an http(s) scheme), before the query or fragment.
const WRITTEN_PATH = /^[A-Za-z][A-Za-z0-9+.-]*:[/\\]*[^/\\?#]*([^?#]*)/;
// RFC 3986 §3.3 "." and "..", also percent-encoded (WHATWG URL reads `%2e` as a dot there).
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * True when `htu`'s path has a dot segment (`.` or `..`, percent-encoded or not, RFC 3986 §3.3,
 * §5.2.4), read as a URL parser would (tabs and newlines dropped, leading and trailing spaces and
 * controls trimmed): URL parsing would remove it, but a proof made for the URL a request is sent to
 * has none, so it is refused rather than compared after normalising.
 */
export function hasDotSegments(htu: string): boolean {
  const path = WRITTEN_PATH.exec(trimmedAsUrl(htu.replace(/[\t\n\r]/g, '')))?.[1] ?? '';
  return path.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment));
}
