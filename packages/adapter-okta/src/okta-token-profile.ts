import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { oktaUserTokenClaim } from './okta-user-token-claim.js';
import { readOktaDelegation } from './read-okta-delegation.js';

/**
 * Where Okta's access tokens keep the two subjects, for `@dual-auth/resource`: the agent is the
 * client (`cid`), its scopes are `scp` (no roles); the human is the `act` a custom claim
 * expression (`clientAssertion.claims.act`) copies from the client assertion (legacy layout). In
 * the `rfc8693` layout the agent is in `act`; a custom authorization server's token names the human
 * by user id in `uid` (its `sub` is the login): set the guard's `humanIdClaim: 'uid'` for one. A
 * token naming different users in `sub` and `uid` without it is refused (`readOktaDelegation`).
 * Its `scp` is what an access policy rule grants, which may hold for all clients and key on the
 * user or group (https://help.okta.com/en-us/Content/Topics/security/api-config-access-policies.htm):
 * it does not record a grant to the agent (no `rfc8693AgentGrantClaims`: `agentHasScope` refuses;
 * use `agentIn`).
 *
 * @example
 * import { oktaTokenProfile } from '@dual-auth/adapter-okta';
 * const guard = createDualAuthGuard({ profile: oktaTokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed });
 */
export const oktaTokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'okta',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['cid'],
  roleClaims: [],
  scopeClaims: ['scp'],
  legacyHuman: 'act-claim',
  userTokenClaim: oktaUserTokenClaim,
  readDelegation: readOktaDelegation,
  // A client credentials token's subject is the client itself (`sub` = `cid`)
  // (https://developer.okta.com/docs/api/oauth2/#access-token-claims).
  serviceSubjectClaim: ({ sub, cid }) => (sub !== undefined && sub === cid ? 'sub' : undefined),
  // No `humanIdsIgnoreCase`: a user id (`00u…`, the ID token's `sub`,
  // https://developer.okta.com/docs/reference/api/users/#user-object) is base62, where case tells
  // two ids apart; the cut-off is read under the id exactly.
};
