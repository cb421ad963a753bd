import type { DelegationClaims, DelegationLayout } from '@dual-auth/core/jwt';

type Claims = Readonly<Record<string, unknown>>;

/**
 * Entra Agent ID's facet of the RFC 8693 layout: an on-behalf-of token has no `act`; the user is
 * `sub` with `oid`, the acting agent identity is the client (`azp` in v2 tokens, `appid` in v1),
 * and `xms_act_fct` marks the actor as an agent identity
 * (https://learn.microsoft.com/entra/agent-id/agent-token-claims). A token without that facet is
 * an ordinary delegated app token: no actor is read from it, so it is refused as having none.
 * The facets (`xms_act_fct`, `xms_sub_fct`) and the blueprint (`xms_par_app_azp`) stay on the
 * chain link for policies; their numeric codes are not interpreted here.
 */
export function readEntraAgentDelegation(
  claims: Claims,
  layout: DelegationLayout,
): DelegationClaims | undefined {
  if (layout !== 'rfc8693' || claims.act !== undefined) return undefined;
  const agent = claims.azp ?? claims.appid;
  const human = { sub: claims.sub, ...(typeof claims.oid === 'string' ? { oid: claims.oid } : {}) };
  if (typeof claims.xms_act_fct !== 'string' || typeof agent !== 'string') {
    return { human, actors: [] };
  }
  const actor: Record<string, unknown> = { sub: agent, xms_act_fct: claims.xms_act_fct };
  for (const facet of ['xms_sub_fct', 'xms_par_app_azp'] as const) {
    if (typeof claims[facet] === 'string') actor[facet] = claims[facet];
  }
  return { human, actors: [actor] };
}
