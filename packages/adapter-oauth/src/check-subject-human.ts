import type { Act, SubjectToken } from '@dual-auth/core';
import { askedHumans, humanMatches, namesNoHuman } from './human-matches.js';
import type { OAuthMode } from './oauth-config.js';
import { subjectClaimsOf } from './subject-claims-of.js';

// An Okta custom authorization server's access token: `sub` is the login, `uid` the user id
// (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/). Named by claim only.
const OKTA_HINT =
  '; if its sub is a login and uid the user id (an Okta custom authorization server), set OAUTH_HUMAN_ID_CLAIM=uid';

// An Entra token names the human by a pairwise `sub` (another one per app) and their `oid`: an act
// without `oid` cannot name them (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
const NO_OID_HINT =
  "its oid is not in act: pass act: { sub, oid } with the human's Entra object id, as the session's act carries it";
const SESSION_ACT_HINT = "pass the session's act, which carries it";

function anotherHuman(
  humanIdClaim: string | undefined,
  hint: boolean,
  oidNotInAct: boolean,
): TypeError {
  const ids =
    humanIdClaim === undefined
      ? 'sub/oid'
      : `${humanIdClaim}/oid (OAUTH_HUMAN_ID_CLAIM; sub, a login, is not compared)`;
  return new TypeError(
    `subjectToken is another human's token: each of its ${ids} must be act.sub or act.oid (an Entra token's oid too: ${oidNotInAct ? NO_OID_HINT : SESSION_ACT_HINT}); pass the session's own token${hint ? OKTA_HINT : ''}`,
  );
}

/**
 * Refuses, before any request, a subject token that names a human other than the one of `act`:
 * each of its `sub` and Entra `oid`, when present, must be `act.sub` or `act.oid` (`humanMatches`;
 * its `oid` is act's human's too when its `sub` is `act.sub` and `act` has no `oid`, `askedHumans`:
 * in `on-behalf-of` Entra's pairwise `sub` is not compared beside an `oid`). One matching id is not
 * enough: `{sub: alice, oid: bob}` would let the IdP, and the checks of its answers, read bob. The
 * token is only decoded, never trusted (the IdP verifies it); an opaque token, or a JWT naming no
 * human, is not checked. Under `humanIdClaim` (`OAUTH_HUMAN_ID_CLAIM`, Okta's `uid`) that claim
 * takes the place of `sub`, which is a login and never compared, and a JWT without it is refused:
 * its human cannot be told.
 *
 * @throws TypeError naming the claims compared, never their values: another human, or no
 *   `humanIdClaim`.
 */
export function checkSubjectHuman(
  subjectToken: SubjectToken,
  act: Act,
  mode: OAuthMode,
  humanIdClaim?: string,
): void {
  const claims = subjectClaimsOf(subjectToken);
  if (claims === undefined) return;
  if (namesNoHuman(claims, humanIdClaim)) {
    if (humanIdClaim === undefined) return;
    throw new TypeError(
      `subjectToken has no ${humanIdClaim} (OAUTH_HUMAN_ID_CLAIM): pass the human's access token (UserSession.subjectToken), or fix OAUTH_HUMAN_ID_CLAIM`,
    );
  }
  if (
    !humanMatches(claims, askedHumans(act, subjectToken, claims, humanIdClaim), mode, humanIdClaim)
  ) {
    throw anotherHuman(
      humanIdClaim,
      humanIdClaim === undefined && claims.uid !== undefined,
      claims.oid !== undefined && (typeof act !== 'object' || act?.oid === undefined),
    );
  }
}
