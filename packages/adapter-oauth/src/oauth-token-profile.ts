import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';

/**
 * Where a standards-based OAuth 2.0 server's access tokens keep the two subjects, for
 * `@dual-auth/resource`: the agent is the OAuth client of `client_id` (RFC 9068 §2.2), its scopes
 * are `scope` (no roles); the human is the `act` the server copies from the client assertion
 * (legacy layout, `docs/wire-format.md#oauth`).
 *
 * @example
 * import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
 * const guard = createDualAuthGuard({ profile: oauthTokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed });
 */
export const oauthTokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'oauth',
  layouts: ['legacy'],
  clientIdClaims: ['client_id'],
  roleClaims: [],
  scopeClaims: ['scope'],
  legacyHuman: 'act-claim',
};
