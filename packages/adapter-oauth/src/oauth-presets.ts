import { revocationUrlBesideToken } from '@dual-auth/core/adapter-kit';
import type {
  OAuthActorToken,
  OAuthMode,
  OAuthPreset,
  OAuthTokenAuthMethod,
} from './oauth-config.js';

/** What a preset fills in; explicit settings win over it. */
export interface OAuthPresetDefaults {
  readonly mode: Exclude<OAuthMode, 'client-credentials'>;
  readonly authMethod: OAuthTokenAuthMethod;
  readonly actorToken: OAuthActorToken;
  /** `OAUTH_HUMAN_ID_CLAIM`: where the vendor's access tokens hold the user id, when not in `sub`. */
  readonly humanIdClaim?: string;
  /**
   * The RFC 7009 endpoint the vendor serves for a token URL, where it revokes access tokens;
   * `undefined` where it cannot be told from that URL.
   */
  readonly revocationEndpoint?: (tokenUrl: string) => string | undefined;
  /**
   * `endpoint`: the revocation request's client assertion has the revocation endpoint URL as
   * `aud`, not the token requests' (`OAUTH_ASSERTION_AUDIENCE`, else the token URL). Okta
   * refuses an assertion whose `aud` is not the endpoint invoked; RFC 7521 §5.1 / RFC 7523 §3 let
   * the token endpoint URL name the authorization server, which the others (Keycloak: issuer,
   * token, introspection or PAR URL, never the revocation URL) keep.
   */
  readonly revocationAssertionAudience?: 'endpoint';
  /**
   * Where the vendor has no RFC 7009 endpoint for access tokens: why, and what ends a delegation
   * there instead (the "not supported" answer of `endDelegation` when `OAUTH_REVOCATION_URL` is
   * not set).
   */
  readonly noRevocation?: { readonly reason: string; readonly documentation: string };
  /**
   * Whether the preset's tokens come from the vendor the preset is named after, so an API reads
   * them with that vendor's token profile (`@dual-auth/adapter-<preset>`: `entraid` →
   * `entraIdTokenProfile`); not set where the issuer is not the vendor's (an ID-JAG's resource
   * authorization server): `oauthTokenProfile`. A flag, not the name again, so this package
   * carries no vendor's name as a value (tools/check-bleed.mjs).
   */
  readonly issuedByPresetVendor?: true;
  /**
   * How many seconds before minting a token the vendor dates its `iat` (and `nbf`), for clock
   * skew: the adapter's `IamAdapter.iatBackdateSeconds`, so an in-session delegation cut-off does
   * not judge the human's token minted just after a logout as issued before it.
   */
  readonly iatBackdateSeconds?: number;
}

/**
 * Each vendor's native delegation, as this adapter speaks it (`OAUTH_PRESET`). What each real IdP
 * version supports and what to configure on it is in the adapter READMEs; where a vendor's docs
 * leave a detail open, the README says so.
 * - `keycloak`: standard token exchange (Keycloak ≥ 26.2, "Standard token exchange" switched on for
 *   the agent client); the agent also sends its own access token as `actor_token`, which the
 *   delegation work of later versions (and the local IdP) turns into `act`, checked against the
 *   subject token's `may_act` (https://www.keycloak.org/securing-apps/token-exchange). Tokens are
 *   revoked beside the token endpoint, at `…/revoke`.
 * - `auth0`: On-Behalf-Of token exchange; the token keeps the user in `sub` and names the agent in
 *   `act`, with the originating client nested in it; at most five levels
 *   (https://auth0.com/docs/secure/call-apis-on-users-behalf/on-behalf-of-token-exchange).
 *   Auth0 authenticates the client with `private_key_jwt` or a client secret in the body.
 * - `entraid`: Entra Agent ID on-behalf-of: jwt-bearer with `requested_token_use=on_behalf_of`;
 *   the token has the user in `sub`/`oid`, the agent in `azp`/`appid`, and the
 *   `xms_act_fct`/`xms_sub_fct` facets (https://learn.microsoft.com/entra/agent-id/agent-on-behalf-of-oauth-flow,
 *   https://learn.microsoft.com/entra/agent-id/agent-token-claims). Entra has no revocation
 *   endpoint for access tokens: `revokeSignInSessions` ends refresh tokens and sessions, continuous
 *   access evaluation acts only at CAE-capable resources, so the cut-off ends the delegation.
 * - `okta`: On-Behalf-Of token exchange at a custom authorization server (API Access Management)
 *   of the user's access token, from a service app (https://developer.okta.com/docs/guides/set-up-token-exchange/main/);
 *   its access tokens hold the login in `sub` and the user id in `uid`, so `uid` is the human's id
 *   (`OAUTH_HUMAN_ID_CLAIM`). The service app authenticates with its key (`private_key_jwt`) unless
 *   `OAUTH_TOKEN_AUTH_METHOD` says otherwise. Tokens are revoked beside the token endpoint, at
 *   `{issuer}/v1/revoke`, with a client assertion whose `aud` is that URL (Okta requires the
 *   endpoint invoked; `OAUTH_ASSERTION_AUDIENCE` sets the token requests' only).
 * - `okta-xaa`: Cross App Access: token exchange of the user's ID token for an ID-JAG
 *   (`typ: oauth-id-jag+jwt`), redeemed by RFC 7523 jwt-bearer at the resource's authorization
 *   server (draft-ietf-oauth-identity-assertion-authz-grant;
 *   https://auth0.com/docs/api/authentication/cross-app-access/get-token).
 */
export const OAUTH_PRESETS: Readonly<Record<OAuthPreset, OAuthPresetDefaults>> = Object.freeze({
  keycloak: {
    mode: 'token-exchange',
    authMethod: 'client_secret_jwt',
    actorToken: 'client-credentials',
    // https://www.keycloak.org/docs/latest/securing_apps/#_token_revocation_endpoint
    revocationEndpoint: revocationUrlBesideToken,
    issuedByPresetVendor: true,
  },
  auth0: {
    mode: 'token-exchange',
    authMethod: 'private_key_jwt',
    actorToken: 'none',
    issuedByPresetVendor: true,
  },
  entraid: {
    mode: 'on-behalf-of',
    authMethod: 'client_secret_post',
    actorToken: 'none',
    issuedByPresetVendor: true,
    // Entra sets `iat` and `nbf` 5 minutes before it mints a token, for clock skew
    // (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference): as
    // entraIdTokenProfile of @dual-auth/adapter-entraid, which this package does not depend on.
    iatBackdateSeconds: 300,
    // https://learn.microsoft.com/graph/api/user-revokesigninsessions,
    // https://learn.microsoft.com/entra/identity/conditional-access/concept-continuous-access-evaluation
    noRevocation: {
      reason:
        'Entra ID has no revocation endpoint for access tokens: revokeSignInSessions ends refresh tokens and sessions only, continuous access evaluation acts only at CAE-capable resources; the cut-off (cutoffStore) ends the delegation',
      documentation:
        'https://learn.microsoft.com/entra/identity-platform/access-tokens#token-revocation',
    },
  },
  okta: {
    mode: 'token-exchange',
    authMethod: 'private_key_jwt',
    actorToken: 'none',
    humanIdClaim: 'uid',
    // https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/customas/revokecustomas
    revocationEndpoint: revocationUrlBesideToken,
    // https://support.okta.com/help/s/article/the-audience-claim-for-client-assertion-must-be-the-endpoint-invoked-for-the-request
    revocationAssertionAudience: 'endpoint',
    issuedByPresetVendor: true,
  },
  'okta-xaa': { mode: 'id-jag', authMethod: 'client_secret_jwt', actorToken: 'none' },
});
