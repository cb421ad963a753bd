import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';

/**
 * Where a standards-based IdP's access tokens keep the two subjects, for `@dual-auth/resource`:
 * RFC 9068 `client_id` names the client, `scope` its scopes. Legacy layout (the default mode):
 * the agent is the client and the human the `act` copied from its client assertion. RFC 8693
 * layout (token exchange): the human is `sub`, the agent `act.sub`, earlier actors nested.
 *
 * @example
 * import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
 * const guard = createDualAuthGuard({ profile: oauthTokenProfile, layout: 'rfc8693', issuer, audience, jwksUri, agentAllowed, humanAllowed });
 */
export const oauthTokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'oauth',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['client_id', 'azp'],
  roleClaims: [],
  scopeClaims: ['scope'],
  legacyHuman: 'act-claim',
};
