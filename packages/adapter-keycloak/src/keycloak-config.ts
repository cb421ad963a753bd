import type { VendorConfig } from '@dual-auth/core';

/**
 * Keycloak's config: `KEYCLOAK_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`; `audience` is
 * the realm URL cut from the token URL when unset (`docs/wire-format.md#keycloak`).
 */
export interface KeycloakConfig extends VendorConfig {
  readonly vendor: 'keycloak';
  /** The client assertion's `aud`. Default: the token URL cut at its last `/protocol/`. */
  readonly audience?: string | undefined;
}

declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    keycloak: KeycloakConfig;
  }
}
