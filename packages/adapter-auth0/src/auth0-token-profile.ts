import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { auth0UserTokenClaim } from './auth0-user-token-claim.js';

const CLIENT_SUFFIX = '@clients';

/**
 * Where Auth0's access tokens keep the two subjects, for `@dual-auth/resource`: the agent is the
 * client (`azp`, or the `<client id>@clients` of `sub` of a client-credentials token), its scopes
 * are `permissions` then `scope` (no roles); the human is the `act` a Credentials-Exchange Action
 * sets from the client assertion (legacy layout). A token-exchange (`rfc8693`) token is the
 * user's: with RBAC its `permissions` are the user's and its `scope` the requested permissions
 * the user holds (https://auth0.com/docs/get-started/apis/enable-role-based-access-control-for-apis),
 * so nothing in it records the agent's grants (no `rfc8693AgentGrantClaims`: `agentHasScope`
 * refuses; use `agentIn`); a client-credentials token (`gty: client-credentials`, `sub`
 * `<client id>@clients`: the client's own, https://auth0.com/docs/secure/tokens/access-tokens) is refused there.
 *
 * @example
 * import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
 * const guard = createDualAuthGuard({ profile: auth0TokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed });
 */
export const auth0TokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'auth0',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['azp'],
  clientIdFromClaims: ({ sub }) =>
    typeof sub === 'string' && sub.length > CLIENT_SUFFIX.length && sub.endsWith(CLIENT_SUFFIX)
      ? sub.slice(0, -CLIENT_SUFFIX.length)
      : undefined,
  roleClaims: [],
  scopeClaims: ['permissions', 'scope'],
  legacyHuman: 'act-claim',
  serviceSubjectClaim: ({ gty, sub }) => {
    if (gty === 'client-credentials') return 'gty';
    return typeof sub === 'string' && sub.endsWith(CLIENT_SUFFIX) ? 'sub' : undefined;
  },
  userTokenClaim: auth0UserTokenClaim,
  // No `humanIdsIgnoreCase`: a `user_id` is `<identity provider id>|<unique id in the provider>`
  // (https://auth0.com/docs/manage-users/user-accounts/identify-users), spelled as the provider
  // (or a custom database script) gives it; the cut-off is read under the id exactly.
};
