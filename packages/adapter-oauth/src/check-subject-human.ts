import type { Act, SubjectToken } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import { askedHumans, humanMatches } from './human-matches.js';
import type { OAuthMode } from './oauth-config.js';

/**
 * Refuses, before any request, a subject token that names a human other than the one of `act`:
 * each of its `sub` and Entra `oid`, when present, must be `act.sub` or `act.oid` (`humanMatches`;
 * its `oid` is act's human's too when its `sub` is `act.sub` and `act` has no `oid`, `askedHumans`:
 * in `on-behalf-of` Entra's pairwise `sub` is not compared beside an `oid`). One matching id is not
 * enough: `{sub: alice, oid: bob}` would let the IdP, and the checks of its answers, read bob. The
 * token is only decoded, never trusted (the IdP verifies it); an opaque token, or a JWT naming no
 * human, is not checked.
 *
 * @throws TypeError naming the claims compared, never their values.
 */
export function checkSubjectHuman(subjectToken: SubjectToken, act: Act, mode: OAuthMode): void {
  const claims = jwtPayloadOf(subjectToken.value);
  if (claims === undefined || (claims.sub === undefined && claims.oid === undefined)) return;
  if (!humanMatches(claims, askedHumans(act, subjectToken, claims), mode)) {
    throw new TypeError(
      "subjectToken is another human's token: each of its sub/oid must be act.sub or act.oid (an Entra token's oid too: pass the session's act, which carries it); pass the session's own token",
    );
  }
}
