import type { Act } from '@dual-auth/core';
import { readActClaim, refuseJwt, type TokenProfile } from '@dual-auth/core/jwt';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

const LABEL = 'Access token';

// A delegated token met by a legacy-layout guard is either the agent's mistake (it asked for a
// user token) or the API's (it takes token exchange and forgot the layout): the client is told the
// first, as before; the server's error and log name both.
const RFC8693_HINT =
  "or, if this API takes token exchange (RFC 8693) tokens, set `layout: 'rfc8693'` in its dual-auth options";

/**
 * The human of a legacy-layout token: its `act`, by core's act rules (a nested `act` is refused).
 * An `act` naming the token's own client is an RFC 8693 token (there `act` is the actor): refused,
 * so the two subjects can never swap. An `act` naming the token's own client in another case,
 * or its own `sub` (a Keycloak service-account user id, say) in any case, is the agent posing as
 * the human it acts for: refused. The IdP
 * copies this `act` from the agent's request (`legacyHuman: 'act-claim'`), so the human is who
 * `act.sub` names: an `act.oid` beside it is the agent's own text, which no IdP matched to
 * `act.sub`, and is left out (a check by oid would pass for one person while the audit names
 * another; docs/token-layouts.md).
 *
 * @throws ActVerificationError `missing_claim` or `invalid_act`; DualSubjectVerificationError
 * `layout_mismatch`, its hint naming both fixes (client credentials, `layout: 'rfc8693'`).
 */
export function legacyHumanFromAct(
  claims: Readonly<Record<string, unknown>>,
  agentId: string,
): Act {
  const act = readActClaim(LABEL, claims.act);
  if (act.sub === agentId) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'layout_mismatch',
      message: `${LABEL} has an "act" naming its own client: an RFC 8693 token is refused where the legacy layout is configured`,
      hint: `request the agent's token with the client credentials flow, ${RFC8693_HINT}`,
      claim: 'act.sub',
    });
  }
  // Without case, as the bound-assertion check compares: an IdP reads a GUID in either case, and
  // a human whose id differs from the agent's only in case is no one's.
  const humanId = act.sub.toLowerCase();
  if (humanId === agentId.toLowerCase()) {
    refuseJwt(
      LABEL,
      'invalid_act',
      'has an "act" naming its own client in another case: the agent cannot be the human it acts for; send the signed-in human\'s id in act.sub',
      { claim: 'act.sub' },
    );
  }
  if (typeof claims.sub === 'string' && humanId === claims.sub.toLowerCase()) {
    refuseJwt(
      LABEL,
      'invalid_act',
      'has an "act" naming its own subject: the agent cannot be the human it acts for; send the signed-in human\'s id in act.sub',
      { claim: 'act.sub' },
    );
  }
  const { oid: _agentWritten, ...human } = act;
  return human;
}

/**
 * Refuses a legacy-layout token that the profile marks as a delegated user token of the agent's
 * client (`userTokenClaim`): its roles are the signed-in user's, so an agent application never
 * granted a role would pass the agent check whenever the person operating it holds the role, and
 * an `act` naming the agent (RFC 8693 §4.1, e.g. its Keycloak service-account user id) would be
 * read as the human: the two subjects swapped.
 *
 * @throws DualSubjectVerificationError `layout_mismatch` naming the claim, its hint the
 * `layout: 'rfc8693'` setting.
 */
export function refuseUserToken(
  profile: TokenProfile,
  claims: Readonly<Record<string, unknown>>,
): void {
  const claim = profile.userTokenClaim?.(claims);
  if (claim !== undefined) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'layout_mismatch',
      message: !Object.hasOwn(claims, claim)
        ? `${LABEL} does not show that it is the agent's own token (it has no "${claim}" claim): request the agent's token with the client credentials flow, and have the IdP put "${claim}" in it`
        : `${LABEL} is not the agent's own token ("${claim}" shows a delegated user token); request the agent's token with the client credentials flow`,
      hint: RFC8693_HINT,
      claim,
    });
  }
}

/**
 * Refuses an `act` claim in a token whose profile takes the human from a bound act assertion: such
 * a token was not issued in the layout this API is configured for, and its `act` would be ignored.
 *
 * @throws ActVerificationError `layout_mismatch`.
 */
export function refuseActBesideBoundAssertion(claims: Readonly<Record<string, unknown>>): void {
  if (claims.act !== undefined) {
    refuseJwt(
      LABEL,
      'layout_mismatch',
      'carries an "act" claim, but this profile takes the human from the bound act assertion',
      { claim: 'act' },
    );
  }
}
