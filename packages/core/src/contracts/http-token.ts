/**
 * One character of an HTTP `token` (RFC 9110 §5.6.2, `tchar`), as a regular-expression character
 * class to build patterns from: `!#$%&'*+-.^_`|~`, digits and ASCII letters. Methods, auth-schemes,
 * auth-param names and token types are tokens.
 *
 * @example
 * const scheme = new RegExp(`${HTTP_TOKEN_CHAR}+`, 'y');
 */
export const HTTP_TOKEN_CHAR = "[!#$%&'*+.^_`|~0-9A-Za-z-]";

const HTTP_TOKEN = /* @__PURE__ */ (() => new RegExp(`^${HTTP_TOKEN_CHAR}+$`))();

/**
 * Whether `value` is an HTTP `token` (RFC 9110 §5.6.2): one or more {@link HTTP_TOKEN_CHAR}s.
 *
 * @example
 * isHttpToken('Bearer'); // true
 * isHttpToken('Bearer x'); // false
 */
export function isHttpToken(value: string): boolean {
  return HTTP_TOKEN.test(value);
}
