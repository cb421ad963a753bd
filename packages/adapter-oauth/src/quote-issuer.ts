// An issuer is at most a URL; anything longer is cut, as it is read from an unverified token.
const MAX_LENGTH = 200;

// C0 and C1 controls, and the invisible or bidirectional format characters that would make the
// shown value read as another one.
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/**
 * An issuer (RFC 8414 §2 `issuer`, a token's `iss`, RFC 7519 §4.1.1) as a message shows it: in
 * double quotes, cut to 200 characters (`…`), every control and invisible character written as a
 * `\uXXXX` escape, so a trailing slash or a look-alike is seen; `(none)` when absent, `(a number)`
 * etc. when not a string. Issuers are public URLs, not personal data; this still keeps a forged
 * `iss` from writing into a terminal or log line.
 */
export function quoteIssuer(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value !== 'string') return `(a ${value === null ? 'null' : typeof value})`;
  const cut = value.length > MAX_LENGTH ? `${value.slice(0, MAX_LENGTH)}…` : value;
  const escaped = cut
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replace(HIDDEN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}
