import type { Vendor } from './vendor.js';

/** Fields every vendor's configuration has (Python: `token_url`, `client_id`, `client_secret`). */
interface BaseConfig {
  readonly vendor: Vendor;
  /** The IdP's token endpoint; HTTPS only. */
  readonly tokenUrl: string;
  /** The agent's client id (`AGENT_CLIENT_ID`). */
  readonly clientId: string;
  /** The agent's client secret (`AGENT_CLIENT_SECRET`); redacted in every string form. */
  readonly clientSecret: string;
}

/** Keycloak: `KEYCLOAK_TOKEN_URL`; the assertion audience is derived from the token URL when unset. */
export interface KeycloakConfig extends BaseConfig {
  readonly vendor: 'keycloak';
  readonly audience?: string | undefined;
}

/** Auth0: `AUTH0_TOKEN_URL`, `API_AUDIENCE` (the API identifier). */
export interface Auth0Config extends BaseConfig {
  readonly vendor: 'auth0';
  readonly audience: string;
}

/** Okta: `OKTA_TOKEN_URL` (custom authorization server), `API_AUDIENCE`. */
export interface OktaConfig extends BaseConfig {
  readonly vendor: 'okta';
  readonly audience: string;
}

/**
 * Entra ID (hybrid): agent token with the client secret, plus an act assertion signed with the
 * application's key. `ENTRAID_TOKEN_URL`, `API_SCOPE`, `APP_ID`, `API_AUDIENCE`, and the key as
 * `APP_PRIVATE_KEY` (PEM text, e.g. from a secret store) or `APP_PRIVATE_KEY_PATH` (a file; Node only).
 */
export interface EntraIdConfig extends BaseConfig {
  readonly vendor: 'entraid';
  /** `API_SCOPE`, typically `<api>/.default`. */
  readonly scope: string;
  readonly appId: string;
  /** `API_AUDIENCE`: the `aud` of the act assertion. */
  readonly actAudience: string;
  /** PEM text of the app's private key; redacted in every string form. */
  readonly appPrivateKey?: string | undefined;
  readonly appPrivateKeyPath?: string | undefined;
}

/** What `getConfig()` returns: one vendor's settings, tagged by `vendor`. */
export type DualAuthConfig = KeycloakConfig | Auth0Config | OktaConfig | EntraIdConfig;

/** The config type of one vendor. */
export type ConfigOf<V extends Vendor> = Extract<DualAuthConfig, { vendor: V }>;
