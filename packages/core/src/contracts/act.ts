/**
 * The human an agent acts for, as the JWT `act` claim carries it in the reference's wire format
 * (the `legacy` layout: `sub` = the agent, `act.sub` = the human; see `docs/wire-format.md`).
 * Beware: in RFC 8693 token exchange (§4.1) the same claim name means the opposite — there `sub`
 * is the human and `act` names the **actor** (the agent), with nested `act` for earlier actors.
 * This type is the human of the legacy layout only; `@dual-auth/resource` reads both layouts into
 * one `DualSubject`, by configuration.
 *
 * `sub` is the IdP's user id (Keycloak UUID, Auth0 `auth0|…`, Okta `00u…`, Entra UPN); `oid` is
 * Entra's object id. Other claims pass through. The rules every package applies to it are those of
 * `findActProblem` (`@dual-auth/core/adapter-kit`).
 */
export interface Act {
  sub: string;
  email?: string;
  name?: string;
  oid?: string;
  [claim: string]: unknown;
}
