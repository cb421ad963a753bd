import { SPECIFICATION_VERSION } from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { readEntraAgentDelegation } from './entraid-agent-delegation.js';
import { entraServiceSubjectClaim } from './entraid-service-subject-claim.js';
import { entraUserTokenClaim } from './entraid-user-token-claim.js';

/**
 * Where Entra ID's access tokens keep the two subjects, for `@dual-auth/resource`: the agent is
 * the application (`appid` in v1 tokens, `azp` in v2), its roles are app `roles`, its scopes
 * `scp`. Entra cannot copy `act` into a token, so the human comes from the act assertion the
 * agent's application signs and sends as `X-Act-Assertion`, bound to the access token (legacy
 * layout, bound act assertion). In the `rfc8693` layout (Agent ID on-behalf-of) the user is
 * `sub`/`oid` and the agent identity the client, marked by the `xms_act_fct` facet; there `roles`
 * are the user's, so only `scp` (the delegated permissions granted to the agent) is read for the
 * agent and its roles are unknown (`agentHasRole` refuses; use `agentIn`); an app-only token
 * (`idtyp: app`, no `scp`: the agent's own, its service principal in `sub`) is refused there.
 *
 * @example
 * import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
 * const guard = createDualAuthGuard({
 *   profile: entraIdTokenProfile,
 *   issuer, audience, jwksUri, agentAllowed, humanAllowed,
 *   boundActAssertion: { actAudience, appKeys },
 * });
 */
export const entraIdTokenProfile: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'entraid',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['appid', 'azp'],
  roleClaims: ['roles'],
  scopeClaims: ['scp'],
  // An on-behalf-of token is the user's: `roles` are the user's app-role assignments, `scp` the
  // delegated permissions granted (consented) to the client, the agent identity
  // (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
  rfc8693AgentGrantClaims: { scopeClaims: ['scp'] },
  legacyHuman: 'bound-act-assertion',
  userTokenClaim: entraUserTokenClaim,
  serviceSubjectClaim: entraServiceSubjectClaim,
  readDelegation: readEntraAgentDelegation,
  // Entra sets `iat` and `nbf` 5 minutes before it mints a token, for clock skew
  // (https://github.com/openid/AppAuth-iOS/issues/264; the claims are described at
  // https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference): the guard's
  // cut-off judges its tokens at `iat` plus this.
  iatBackdateSeconds: 300,
  // The human's `act.sub` is a UPN the agent application writes in its act assertion, and a UPN
  // names one user in any case: Microsoft Graph's `/users/{id | userPrincipalName}`
  // (https://learn.microsoft.com/graph/api/user-get) answers `ALICE@CONTOSO.COM` with Alice. The
  // guard reads the cut-off under the folded UPN too (an upper-case `act.oid` is refused apart).
  humanIdsIgnoreCase: true,
};
