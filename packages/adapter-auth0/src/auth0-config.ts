import type { VendorConfig } from '@dual-auth/core';

/** Auth0's config: `AUTH0_TOKEN_URL`, `API_AUDIENCE` (the API identifier) and the agent's client. */
export interface Auth0Config extends VendorConfig {
  readonly vendor: 'auth0';
  /** `API_AUDIENCE`: the API identifier, sent as `audience`. */
  readonly audience: string;
}

declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    auth0: Auth0Config;
  }
}
