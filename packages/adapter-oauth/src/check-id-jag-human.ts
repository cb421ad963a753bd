import { type Act, type SubjectToken, TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import { askedHumans, humanMatches } from './human-matches.js';

/**
 * Refuses, before it is sent on, an ID-JAG (`id-jag` step one) whose human is not the one asked
 * for: its `sub` (and Entra `oid`), each when present, must be `act.sub` or `act.oid` (or the `oid`
 * of `subjectToken`, the identity assertion, when its `sub` is `act.sub`: `askedHumans`), which the
 * human's own subject token, when a JWT, names too (`checkSubjectHuman`). A SAML assertion cannot be read before the request
 * (`checkSubjectHuman` passes it), so the ID-JAG is where its human is first seen; the resource's
 * token is later judged against `act`, never against this grant. The
 * ID-JAG is decoded, not verified: it came over TLS from the enterprise IdP, and the resource's
 * server verifies it. An ID-JAG that is not a JWT or names no human is refused too (it is a JWT
 * with a required `sub`, draft-ietf-oauth-identity-assertion-authz-grant §3).
 *
 * @throws TokenRequestError (status 200, `mismatch: 'human'`) naming the claims compared, never
 *   their values, and what to check on the enterprise IdP.
 */
export function checkIdJagHuman(grant: SubjectToken, act: Act, subjectToken?: SubjectToken): void {
  const claims = jwtPayloadOf(grant.value);
  if (claims !== undefined && humanMatches(claims, askedHumans(act, subjectToken), 'id-jag'))
    return;
  throw new TokenRequestError({
    vendor: 'oauth',
    status: 200,
    mismatch: 'human',
    message:
      "OAUTH_IDP_TOKEN_URL issued an ID-JAG for another human (sub/oid not act's); check its user mapping on the IdP",
  });
}
