/**
 * The human an agent acts for (the JWT `act` claim). `sub` is the IdP's user id (Keycloak UUID,
 * Auth0 `auth0|…`, Okta `00u…`, Entra UPN); `oid` is Entra's object id. Other claims pass through.
 */
export interface Act {
  sub: string;
  email?: string;
  name?: string;
  oid?: string;
  [claim: string]: unknown;
}
