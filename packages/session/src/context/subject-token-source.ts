import { createSubjectToken, isSubjectToken, type SubjectToken } from '@dual-auth/core';

/**
 * The human's own token for an act context (`runWithAct(act, fn, { subjectToken })`): a
 * {@link @dual-auth/core!SubjectToken} (`UserSession.subjectToken`, or `createSubjectToken(token)`),
 * or a function giving the current one, for a session that renews it; the function is called on
 * every token request made in the context, so a renewed token is used from the next request on,
 * and may give `undefined` when the session has none (the request then goes without, and a
 * token-exchange adapter refuses it). Not a bare string: a `SubjectToken` says its RFC 8693 type
 * and is redacted when printed.
 */
export type SubjectTokenSource =
  | SubjectToken
  | (() => SubjectToken | undefined | Promise<SubjectToken | undefined>);

const TOKEN =
  'a SubjectToken (UserSession.subjectToken, or createSubjectToken(token) from @dual-auth/core)';

/**
 * Checks `source` as `runWithAct` takes it; a token is copied into a redacted holder now, so a
 * plain `{ value, type }` object is never what gets printed.
 *
 * @throws TypeError when it is neither a `SubjectToken` nor a function (a bare string included),
 *   or is an invalid token; the message never quotes it.
 */
export function checkSubjectTokenSource(source: unknown): SubjectTokenSource | undefined {
  if (source === undefined || typeof source === 'function') {
    return source as SubjectTokenSource | undefined;
  }
  if (!isSubjectToken(source)) {
    throw new TypeError(
      `runWithAct: options.subjectToken must be ${TOKEN} or a function giving one`,
    );
  }
  return createSubjectToken(source.value, source.type);
}

/**
 * The token `source` gives now: the token, or what the function resolves to, in a redacted holder.
 *
 * @throws TypeError when the function resolves to something else than a `SubjectToken` or
 *   `undefined`.
 */
export async function resolveSubjectToken(
  source: SubjectTokenSource,
): Promise<SubjectToken | undefined> {
  if (typeof source !== 'function') return source;
  const token = await source();
  if (token === undefined) return undefined;
  if (!isSubjectToken(token)) {
    throw new TypeError(`runWithAct: options.subjectToken() must resolve to ${TOKEN} or undefined`);
  }
  return createSubjectToken(token.value, token.type);
}
