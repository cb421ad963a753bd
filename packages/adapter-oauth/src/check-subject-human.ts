import type { Act, SubjectToken } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

/**
 * Refuses, before any request, a subject token whose `sub` (or Entra `oid`) is not the human of
 * `act`: the delegated token would carry another human than the one the caller logged. The token
 * is only decoded, never trusted (the IdP verifies it); an opaque token is not checked.
 *
 * @throws TypeError naming the claims compared, never their values.
 */
export function checkSubjectHuman(subjectToken: SubjectToken, act: Act): void {
  const claims = jwtPayloadOf(subjectToken.value);
  if (claims === undefined) return;
  const ids = [claims.sub, claims.oid].filter((id) => typeof id === 'string');
  const human = [act?.sub, act?.oid].filter((id) => typeof id === 'string');
  if (ids.length > 0 && !ids.some((id) => human.includes(id))) {
    throw new TypeError(
      "subjectToken is another human's token: its sub/oid is not act.sub/act.oid; pass the session's own token",
    );
  }
}
