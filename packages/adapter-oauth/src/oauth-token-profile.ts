import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { oauthIssuerRefusal } from './oauth-issuer-refusal.js';
import { OAUTH_CLIENT_ID_CLAIMS, oauthUserTokenClaim } from './oauth-user-token-claim.js';

/**
 * Where a standards-based OAuth 2.0 server's access tokens keep the two subjects, for
 * `@dual-auth/resource`: the OAuth client is `client_id` (RFC 9068 §2.2), else OIDC `azp`, Entra
 * `appid` or Okta `cid`, whichever the server writes; each present must name the same client
 * (`@dual-auth/resource` refuses a token naming two, as the adapter does). Its scopes are `scope`
 * (no roles). Legacy layout (`client-credentials` mode): the agent is the client and the human the
 * `act` the server copies from the client assertion (`docs/wire-format.md#oauth`). RFC 8693 layout
 * (the delegation modes): the human is `sub`, the agent `act.sub` (also the `client_id`), earlier
 * actors nested in `act`. A guard made with it for a Microsoft Entra ID issuer
 * (`https://login.microsoftonline.com/{tenant}/v2.0`, `https://sts.windows.net/{tenant}/`, their
 * national-cloud and External ID counterparts) throws a TypeError naming `entraIdTokenProfile`:
 * Entra's tokens keep the subjects elsewhere and date `iat` 5 minutes back.
 *
 * @example
 * import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
 * const guard = createDualAuthGuard({ profile: oauthTokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed });
 * const exchanged = createDualAuthGuard({ profile: oauthTokenProfile, layout: 'rfc8693', issuer, audience, jwksUri, agentAllowed, humanAllowed });
 */
export const oauthTokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'oauth',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: OAUTH_CLIENT_ID_CLAIMS,
  roleClaims: [],
  scopeClaims: ['scope'],
  // RFC 8693 §2.2.1: `scope` is the scope of the issued token, the access granted to the client
  // (RFC 6749 §3.3, RFC 9068 §2.2.3); roles (RFC 9068 §2.2.3.1) would be the subject's.
  rfc8693AgentGrantClaims: { scopeClaims: ['scope'] },
  legacyHuman: 'act-claim',
  userTokenClaim: oauthUserTokenClaim,
  issuerRefusal: oauthIssuerRefusal,
};
