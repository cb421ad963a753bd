import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';

/**
 * Where Okta's access tokens keep the two subjects, for `@dual-auth/resource`: the agent is the
 * client (`cid`), its scopes are `scp` (no roles); the human is the `act` a custom claim
 * expression (`clientAssertion.claims.act`) copies from the client assertion (legacy layout).
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
};
