import type { VendorConfig } from '@dual-auth/core';

/**
 * How the agent authenticates at the token endpoint (`OAUTH_TOKEN_AUTH_METHOD`): an RFC 7523
 * client assertion, `client_secret_jwt` (HS256 with the client secret) or `private_key_jwt` (a key
 * registered with the IdP) — in `client-credentials` mode it carries the human as `act` — or,
 * in the delegation modes only, where the human travels as the subject token,
 * `client_secret_post` (RFC 6749 §2.3.1, `client_id` and `client_secret` in the body).
 */
export type OAuthTokenAuthMethod = 'client_secret_jwt' | 'private_key_jwt' | 'client_secret_post';

/**
 * What the adapter asks for (`OAUTH_MODE`):
 * - `client-credentials`: RFC 6749 §4.4, the human in the client assertion's `act` (legacy layout);
 * - `token-exchange`: RFC 8693 with the human's token as `subject_token`; the IdP issues a token
 *   with the human in `sub` and the agent in `act` (RFC 8693 §4.1);
 * - `on-behalf-of`: RFC 7523 jwt-bearer with the human's token as `assertion` and
 *   `requested_token_use=on_behalf_of` (Microsoft identity platform OBO, Entra Agent ID);
 * - `id-jag`: token exchange at the enterprise IdP (`OAUTH_IDP_TOKEN_URL`) for an Identity
 *   Assertion JWT Authorization Grant, then RFC 7523 jwt-bearer with it at the resource's
 *   authorization server (`OAUTH_TOKEN_URL`): Okta Cross App Access, MCP enterprise authorization.
 */
export type OAuthMode = 'client-credentials' | 'token-exchange' | 'on-behalf-of' | 'id-jag';

/** The agent's own token sent as RFC 8693 `actor_token` (`OAUTH_ACTOR_TOKEN`). */
export type OAuthActorToken = 'none' | 'client-credentials';

/** A vendor's delegation recipe over this adapter (`OAUTH_PRESET`): see `OAUTH_PRESETS`. */
export type OAuthPreset = 'keycloak' | 'auth0' | 'entraid' | 'okta' | 'okta-xaa';

/** The signing algorithm of `private_key_jwt` (`OAUTH_SIGNING_ALG`). */
export type OAuthSigningAlg = 'RS256' | 'PS256' | 'ES256';

/**
 * A standards-based IdP's config: everything the wire needs is configuration, nothing is derived
 * from a vendor's URL shape (`docs/wire-format.md#oauth`).
 */
export interface OAuthConfig extends VendorConfig {
  readonly vendor: 'oauth';
  /** `OAUTH_MODE`. Default `client-credentials`. */
  readonly mode?: OAuthMode | undefined;
  /** `OAUTH_TOKEN_AUTH_METHOD`. Default `client_secret_jwt`. */
  readonly authMethod?: OAuthTokenAuthMethod | undefined;
  /** `API_AUDIENCE`: sent as the `audience` parameter when set. */
  readonly audience?: string | undefined;
  /**
   * `OAUTH_ASSERTION_AUDIENCE`: the client assertion's `aud` at the token endpoint (and at the
   * revocation endpoint, except with the `okta` preset, whose revocation assertion names the
   * revocation endpoint as Okta requires). Default: the token URL.
   */
  readonly assertionAudience?: string | undefined;
  /** `OAUTH_PRIVATE_KEY`: PEM text of the agent's key for `private_key_jwt`; redacted. */
  readonly privateKey?: string | undefined;
  /** `OAUTH_PRIVATE_KEY_PATH`: a PEM file, read by `@dual-auth/core/node`. */
  readonly privateKeyPath?: string | undefined;
  /** `OAUTH_KEY_ID`: the `kid` of the registered key, put in the assertion header. */
  readonly keyId?: string | undefined;
  /** `OAUTH_SIGNING_ALG`. Default `RS256`. */
  readonly signingAlg?: OAuthSigningAlg | undefined;
  /** `OAUTH_PRESET`: a vendor's delegation defaults (mode, auth method, actor token). */
  readonly preset?: OAuthPreset | undefined;
  /** `OAUTH_ACTOR_TOKEN`: send the agent's own access token as `actor_token`. Default `none`. */
  readonly actorToken?: OAuthActorToken | undefined;
  /**
   * `OAUTH_REQUESTED_TOKEN_TYPE` of a token exchange (RFC 8693 §3): the access token type URI
   * (the default) or `urn:ietf:params:oauth:token-type:jwt`; any other is refused in
   * `token-exchange` (`ConfigurationError`), as the issued token goes to the API as an access token.
   */
  readonly requestedTokenType?: string | undefined;
  /** `OAUTH_RESOURCE`: the RFC 8707 `resource` of a delegation request (the API's URL). */
  readonly resource?: string | undefined;
  /** `OAUTH_IDP_TOKEN_URL` (`id-jag`): the enterprise IdP's token endpoint that issues the ID-JAG. */
  readonly idpTokenUrl?: string | undefined;
  /** `OAUTH_RESOURCE_ISSUER` (`id-jag`): the resource authorization server's issuer, the ID-JAG `aud`. */
  readonly resourceIssuer?: string | undefined;
  /**
   * `OAUTH_ISSUER` (`token-exchange`, `on-behalf-of`): the RFC 8414 §2 `issuer` of the server at
   * `OAUTH_TOKEN_URL`, from its metadata: an HTTPS URL without query or fragment (`http:` only on
   * loopback with `allowInsecureLoopback`), else a `ConfigurationError` at `getConfig` and in the
   * adapter's constructor. A delegated JWT whose `iss` is not this exact string is
   * refused (`TokenRequestError`, "…; check its issuer … on the IdP"). Unset: in `on-behalf-of`
   * at `https://login.microsoftonline.com/{tenant id}/…` the tenant's v1
   * (`https://sts.windows.net/{tid}/`) and v2 (`https://login.microsoftonline.com/{tid}/v2.0`)
   * issuers, and theirs at Azure Government, Azure operated by 21Vianet and External ID
   * (`delegatedTokenIssuer`); otherwise **`iss` is not compared** (the adapter's `toString()` and its
   * `oauth_adapter_init` log then say `issuer=not compared`, `issuer: 'not compared'`). Refused in `client-credentials`
   * (not compared there) and in `id-jag` unless it equals `OAUTH_RESOURCE_ISSUER` (compared there).
   */
  readonly issuer?: string | undefined;
  /**
   * `OAUTH_HUMAN_ID_CLAIM` (`token-exchange` only): the access-token claim that holds the human's
   * user id, when `sub` holds something else. An Okta custom authorization server (`OAUTH_PRESET=okta`
   * sets `uid`) writes the user's login (often an email) in an access token's `sub` and the user id
   * `00u…` in `uid`, while its ID tokens have the user id in `sub`
   * (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/,
   * https://developer.okta.com/docs/guides/set-up-token-exchange/main/). Set, the subject token's and
   * the issued token's `uid` (and Entra `oid`, when present) must each be `act.sub` or `act.oid`, a
   * token without `uid` or with a non-string one is refused, and `sub` is read as a login: never
   * compared, logged or shown. A claim name, not `sub` itself, `oid`, `act` or a registered claim.
   * Unset: `sub`. A setting rather than detection: Okta's issuer (`https://{domain}/oauth2/{id}`,
   * or a custom domain) does not tell an Okta server from another, and `sub` is configurable there.
   */
  readonly humanIdClaim?: string | undefined;
  /**
   * `OAUTH_REVOCATION_URL`: the RFC 7009 endpoint (RFC 8414 `revocation_endpoint`), HTTPS like the
   * token URL, where `endDelegation` revokes the agent's tokens. Default: the `keycloak` preset's
   * (`…/revoke` beside the token URL), else none: revocation is then "not supported".
   */
  readonly revocationEndpoint?: string | undefined;
}

declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    oauth: OAuthConfig;
  }
}
