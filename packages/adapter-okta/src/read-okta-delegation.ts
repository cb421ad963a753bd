import type { DelegationClaims, DelegationLayout } from '@dual-auth/core/jwt';

type Claims = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Claims {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Okta's facet of the RFC 8693 layout: a custom authorization server's access token names the
 * user by login (often an email) in `sub` and by user id `00u…` in `uid`
 * (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/), as its On-Behalf-Of
 * token exchange keeps them (https://developer.okta.com/docs/guides/set-up-token-exchange/main/).
 * The human is then `uid`, as `act.sub` and `OAUTH_PRESET=okta` of `@dual-auth/adapter-oauth`
 * name them; `sub`, a login, is neither read as an id nor kept. The actors are the token's `act`
 * chain, read as the generic layout reads it (a token without `act` has none, and is refused). A
 * token without `uid` (a resource server's token for an ID-JAG) is read generically.
 */
export function readOktaDelegation(
  claims: Claims,
  layout: DelegationLayout,
): DelegationClaims | undefined {
  if (layout !== 'rfc8693' || claims.uid === undefined) return undefined;
  const actors: unknown[] = [];
  // Bounded by the token's nesting; the guard refuses a chain longer than its maxChainDepth.
  for (
    let actor = claims.act;
    actor !== undefined;
    actor = isObject(actor) ? actor.act : undefined
  ) {
    actors.push(actor);
  }
  return { human: { sub: claims.uid }, actors: actors as Claims[] };
}
