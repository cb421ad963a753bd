import type { VendorConfig } from '@dual-auth/core';

/** Which `aud` the client assertion carries (`OKTA_ASSERTION_AUDIENCE`). */
export type OktaAssertionAudience = 'issuer' | 'token-endpoint';

/**
 * Okta's config: `OKTA_TOKEN_URL` (a custom authorization server), `API_AUDIENCE`, the agent's
 * client, and optionally `OKTA_ASSERTION_AUDIENCE`.
 */
export interface OktaConfig extends VendorConfig {
  readonly vendor: 'okta';
  /** `API_AUDIENCE`: required and logged; the authorization server decides the token's audience. */
  readonly audience: string;
  /**
   * `OKTA_ASSERTION_AUDIENCE`: `issuer` (default, the reference's `…/oauth2/<id>`) or
   * `token-endpoint` (the token URL, what Okta documents and a real org needs).
   */
  readonly assertionAudience?: OktaAssertionAudience | undefined;
}

declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    okta: OktaConfig;
  }
}
