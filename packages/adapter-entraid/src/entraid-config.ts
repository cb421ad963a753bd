import type { VendorConfig } from '@dual-auth/core';

/**
 * Entra ID's config (hybrid): the agent token with the client secret, plus an act assertion signed
 * with the application's key. `ENTRAID_TOKEN_URL`, `API_SCOPE`, `APP_ID`, `API_AUDIENCE`, and the
 * key as `APP_PRIVATE_KEY` (PEM text, e.g. from a secret store) or `APP_PRIVATE_KEY_PATH` (a file;
 * read by `@dual-auth/core/node`).
 */
export interface EntraIdConfig extends VendorConfig {
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

declare module '@dual-auth/core' {
  interface DualAuthVendorConfigs {
    entraid: EntraIdConfig;
  }
}
