import type { VendorConfig } from '@dual-auth/core';

/**
 * How the agent authenticates at the token endpoint (`OAUTH_TOKEN_AUTH_METHOD`), each an RFC 7523
 * client assertion that carries the human as `act`: `client_secret_jwt` (HS256 with the client
 * secret, the reference's recipe) or `private_key_jwt` (a key registered with the IdP).
 */
export type OAuthTokenAuthMethod = 'client_secret_jwt' | 'private_key_jwt';

/**
 * What the adapter asks for (`OAUTH_MODE`): `client-credentials` (RFC 6749 §4.4, the human in the
 * client assertion). Token exchange (RFC 8693) is the next mode.
 */
export type OAuthMode = 'client-credentials';

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
  /** `OAUTH_ASSERTION_AUDIENCE`: the client assertion's `aud`. Default: the token URL. */
  readonly assertionAudience?: string | undefined;
  /** `OAUTH_PRIVATE_KEY`: PEM text of the agent's key for `private_key_jwt`; redacted. */
  readonly privateKey?: string | undefined;
  /** `OAUTH_PRIVATE_KEY_PATH`: a PEM file, read by `@dual-auth/core/node`. */
  readonly privateKeyPath?: string | undefined;
  /** `OAUTH_KEY_ID`: the `kid` of the registered key, put in the assertion header. */
  readonly keyId?: string | undefined;
  /** `OAUTH_SIGNING_ALG`. Default `RS256`. */
  readonly signingAlg?: OAuthSigningAlg | undefined;
}

declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    oauth: OAuthConfig;
  }
}
