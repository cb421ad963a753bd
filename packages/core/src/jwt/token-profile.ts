import type { SpecificationVersion } from '../contracts/specification-version.js';

/**
 * How a token places the two subjects; an API chooses one by configuration and never guesses it
 * from the token (a token of the other layout is refused, so the subjects cannot swap).
 * - `legacy`: the reference's recipe. The agent is the OAuth client the token was issued to
 *   (`azp`, `cid`, `appid`…), the human is `act` (`act.sub`), or, for an IdP that cannot copy
 *   `act` into tokens, a signed act assertion sent beside the token and bound to it.
 * - `rfc8693`: token exchange (RFC 8693 §4.1). The human is `sub`, the acting agent is `act.sub`,
 *   and each nested `act` names an earlier actor.
 */
export type DelegationLayout = 'legacy' | 'rfc8693';

/** Every layout, in the order they were introduced. */
export const DELEGATION_LAYOUTS: readonly DelegationLayout[] = ['legacy', 'rfc8693'];

/**
 * Where the legacy layout finds the human: `act-claim` when the IdP copies the client
 * assertion's `act` into the access token; `bound-act-assertion` when it cannot, and the agent's
 * application signs an act assertion that travels in the `X-Act-Assertion` header, its `jti`
 * bound to the digest of the access token it came with.
 */
export type LegacyHumanSource = 'act-claim' | 'bound-act-assertion';

/** A delegation as a vendor facet reads it: the human's claims and the actors, caller first. */
export interface DelegationClaims {
  /** The human: `sub` and the optional `email`, `name`, `oid`. */
  readonly human: Readonly<Record<string, unknown>>;
  /** The actors, the agent calling first, then each earlier actor; each has a string `sub`. */
  readonly actors: readonly Readonly<Record<string, unknown>>[];
}

/**
 * What `@dual-auth/resource` needs to know about one IdP's access tokens: where the agent, its
 * roles and scopes sit, where the human comes from, and which delegation layouts it issues. Each
 * adapter package exports its own (`oktaTokenProfile` from `@dual-auth/adapter-okta`), as data an
 * API imports without the adapter's token-request code. Resource itself names no vendor.
 *
 * @example
 * export const acmeTokenProfile: TokenProfile = {
 *   specificationVersion: 'v1',
 *   vendor: 'acme',
 *   layouts: ['legacy'],
 *   clientIdClaims: ['client_id'],
 *   roleClaims: ['roles'],
 *   scopeClaims: ['scope'],
 *   legacyHuman: 'act-claim',
 * };
 */
export interface TokenProfile {
  readonly specificationVersion: SpecificationVersion;
  /** The vendor's name as `DUAL_AUTH_VENDOR` gives it; audits and `DualSubject.vendor` carry it. */
  readonly vendor: string;
  /** The layouts this IdP issues; an API configured for another one is refused at construction. */
  readonly layouts: readonly DelegationLayout[];
  /**
   * Claims naming the OAuth client the token was issued to, tried in order; the first non-empty
   * string wins. The agent in the legacy layout; the actor's cross-check in `rfc8693`.
   */
  readonly clientIdClaims: readonly string[];
  /** Derives the client id when none of `clientIdClaims` is present (a `sub` of `<id>@clients`). */
  readonly clientIdFromClaims?:
    | ((claims: Readonly<Record<string, unknown>>) => string | undefined)
    | undefined;
  /** Claim paths of the agent's roles (`realm_access.roles`): arrays or space-separated strings. */
  readonly roleClaims: readonly string[];
  /** Claim paths of its scopes or permissions (`scope`, `scp`, `permissions`), merged in order. */
  readonly scopeClaims: readonly string[];
  /**
   * The `rfc8693` layout's agent grants: claim paths that record what the IdP granted to the
   * CLIENT (the acting agent) in a token-exchange token. Such a token is the human's, so its other
   * role and permission claims are the human's (Entra `roles`, Keycloak `realm_access.roles`, Auth0
   * `permissions`): `roleClaims` and `scopeClaims` are never read as the agent's in that layout.
   * A list absent or empty: the token does not say what the agent was granted, and
   * `@dual-auth/resource`'s `agentHasRole` (`agentHasScope`) refuses (`roles_not_in_token`,
   * `scopes_not_in_token`); authorize the agent by its id instead (`agentIn`).
   */
  readonly rfc8693AgentGrantClaims?:
    | {
        readonly roleClaims?: readonly string[] | undefined;
        readonly scopeClaims?: readonly string[] | undefined;
      }
    | undefined;
  /** Where the legacy layout finds the human. */
  readonly legacyHuman: LegacyHumanSource;
  /**
   * The legacy layout's token must be the agent's own (client credentials): returns the claim that
   * shows `claims` to be a delegated user token of the client instead (Entra `scp`, `idtyp: 'user'`;
   * Keycloak a `client_id`/`clientId`/`preferred_username` not naming the service account of `azp`;
   * Okta, Auth0 and RFC 9068 a `sub` that is not the client), whose roles are the user's;
   * `undefined` for the client's own token. Such a token is refused. Absent: nothing is checked.
   */
  readonly userTokenClaim?:
    | ((claims: Readonly<Record<string, unknown>>) => string | undefined)
    | undefined;
  /**
   * The `rfc8693` layout's human is `sub`, so the token must be a user's: returns the claim that
   * marks `claims` as an application's or service account's own token instead (Entra
   * `idtyp: 'app'`, Auth0 `gty: 'client-credentials'`, Keycloak `preferred_username`
   * `service-account-…`), whose subject is a machine, often the acting agent under another id;
   * `undefined` for a user's token. Such a token is refused (`layout_mismatch`).
   */
  readonly serviceSubjectClaim?:
    | ((claims: Readonly<Record<string, unknown>>) => string | undefined)
    | undefined;
  /**
   * Vendor facets: reads the delegation of `layout` itself when the generic reading does not fit
   * (an actor named in a vendor claim instead of `act`, an originating client nested in `act`).
   * Return `undefined` to use the generic reading; throw nothing — return what the token says and
   * let the generic checks refuse it.
   */
  readonly readDelegation?:
    | ((
        claims: Readonly<Record<string, unknown>>,
        layout: DelegationLayout,
      ) => DelegationClaims | undefined)
    | undefined;
  /**
   * How many seconds before minting a token this IdP dates its `iat` (and `nbf`), to allow for
   * clock skew: Entra ID 300 (https://github.com/openid/AppAuth-iOS/issues/264,
   * https://github.com/psignoret/aad-sso-wordpress/issues/34). The API guard's delegation cut-off
   * (`@dual-auth/resource`) judges an access token issued at `iat` plus this (core's
   * `cutoffIssuedAtSeconds`); its adapter declares the same (`IamAdapter.iatBackdateSeconds`), so
   * that an in-session cut-off judges the human's token alike. The guard's lifetime cap
   * (`maxTokenLifetimeSeconds`) counts from the same instant. The trade: should the IdP stop
   * backdating, a token it really minted up to this long before the cut-off is accepted, and one
   * that lives up to this much longer than the cap.
   * Absent: 0, `iat` is the minting time. At most 600 (`MAX_IAT_BACKDATE_SECONDS`, twice Entra's):
   * the guard refuses a larger value with a TypeError when it is made.
   */
  readonly iatBackdateSeconds?: number | undefined;
  /**
   * Whether this IdP names one account by every case variant of a human id (`act.sub`, `act.oid`):
   * `true` makes `@dual-auth/resource` read the human's delegation cut-off under the ids
   * case-folded too (core's `cutoffIdsOf`), so a credential whose human id the agent wrote in
   * another case (`ALICE@CONTOSO.COM` for the cut-off of `alice@contoso.com`: a legacy `act`, a
   * bound act assertion) is still refused after `endDelegation`. The cost: one more read per check
   * for an id not in lower case, and a cut-off of one human refuses another whose id differs only
   * in case (fail closed). Absent or false: ids compared exactly, for an IdP whose ids are
   * case-sensitive (Okta's base62 ids, where `00uA…` and `00ua…` are two users).
   */
  readonly humanIdsIgnoreCase?: boolean | undefined;
  /**
   * Refuses an issuer whose tokens this profile cannot read, such as a generic profile configured
   * for a vendor that has its own (whose tokens name the client, the scopes and the human in other
   * claims, or date `iat` back): returns what to use instead, and the API guard throws it as a
   * TypeError when it is made, for each `issuer` it is given. Returns `undefined` for an issuer it
   * reads. Absent: every issuer is taken.
   */
  readonly issuerRefusal?: ((issuer: string) => string | undefined) | undefined;
}
