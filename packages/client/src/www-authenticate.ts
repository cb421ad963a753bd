import { HTTP_TOKEN_CHAR } from '@dual-auth/core';

// No package on npm reads this grammar soundly: auth-header, http-auth-utils and www-authenticate
// read one challenge only, and oauth4webapi keeps its reader private.

const SCHEME = /* @__PURE__ */ (() => new RegExp(`${HTTP_TOKEN_CHAR}+`, 'y'))();
const SPACES = /[ \t]+/y;
const LIST_SEPARATORS = /[ \t]*(?:,[ \t]*)*/y;
// A token68 stands alone: only a list separator or the end may follow it.
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*(?=[ \t]*(?:,|$))/y;
const AUTH_PARAM = /* @__PURE__ */ (() =>
  new RegExp(
    `(${HTTP_TOKEN_CHAR}+)[ \\t]*=[ \\t]*(?:(${HTTP_TOKEN_CHAR}+)|"((?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*)")`,
    'y',
  ))();
const AUTH_PARAM_START = /* @__PURE__ */ (() => new RegExp(`${HTTP_TOKEN_CHAR}+[ \\t]*=`, 'y'))();
const QUOTED_PAIR = /\\([\s\S])/g;
/**
 * The longest field read, in characters: far past any real challenge, and short enough that the
 * regexes below, which repeat a group per character of a quoted string or per list separator,
 * never exhaust the engine's backtracking stack (a field of megabytes threw a RangeError).
 */
const MAX_FIELD_CHARS = 65_536; // 64 * 1024

/** One challenge of a `WWW-Authenticate` field. */
export interface AuthChallenge {
  /** The auth-scheme, lowercased (schemes are case-insensitive, RFC 9110 §11.1). */
  readonly scheme: string;
  /** The token68 form of the challenge's data, when it has one instead of auth-params. */
  readonly token68: string | undefined;
  /** The auth-params by lowercased name, quoted strings unquoted. */
  readonly params: ReadonlyMap<string, string>;
}

/**
 * Reads a `WWW-Authenticate` field value by the grammar of RFC 9110 §11.6.1: a comma-separated
 * list of challenges, each an auth-scheme followed by a token68 or by auth-params whose values are
 * tokens or quoted strings (with `\` escapes, and commas that belong to the value). Empty list
 * elements are skipped (RFC 9110 §5.6.1). Several field lines joined by `Headers.get` read as one
 * list.
 *
 * @returns The challenges in order, or `undefined` when the value does not follow the grammar
 * (including an auth-param repeated within one challenge, RFC 9110 §11.2) or is longer than 65 536
 * characters, so that a caller never acts on a guess.
 */
export function parseWwwAuthenticate(value: string): AuthChallenge[] | undefined {
  if (value.length > MAX_FIELD_CHARS) return undefined;
  const challenges: AuthChallenge[] = [];
  let position = 0;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = position;
    const match = pattern.exec(value);
    if (match !== null) position = pattern.lastIndex;
    return match;
  };
  const nextIsAuthParam = (): boolean => {
    AUTH_PARAM_START.lastIndex = position;
    return AUTH_PARAM_START.test(value);
  };
  take(LIST_SEPARATORS);
  while (position < value.length) {
    const scheme = take(SCHEME);
    if (scheme === null) return undefined;
    const params = new Map<string, string>();
    let token68: string | undefined;
    if (take(SPACES) !== null) {
      token68 = take(TOKEN68)?.[0];
      while (token68 === undefined) {
        const param = take(AUTH_PARAM);
        if (param === null) break;
        const [, name = '', token, quoted] = param;
        const key = name.toLowerCase();
        if (params.has(key)) return undefined;
        params.set(key, token ?? quoted?.replace(QUOTED_PAIR, '$1') ?? '');
        const afterParam = position;
        const separators = take(LIST_SEPARATORS)?.[0] ?? '';
        if (!separators.includes(',') || !nextIsAuthParam()) {
          position = afterParam;
          break;
        }
      }
    }
    challenges.push({ scheme: scheme[0].toLowerCase(), token68, params });
    const separators = take(LIST_SEPARATORS)?.[0] ?? '';
    if (position < value.length && !separators.includes(',')) return undefined;
  }
  return challenges;
}
