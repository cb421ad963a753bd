import {
  type AdapterPlugin,
  AGENT_SETTINGS,
  SPECIFICATION_VERSION,
  tokenUrlSetting,
} from '@dual-auth/core';
import { createKeycloakAdapter } from './create-keycloak-adapter.js';
import type { KeycloakAdapterOptions } from './keycloak-adapter.js';
import { realmUrlOf } from './keycloak-audience-from-token-url.js';
import type { KeycloakConfig } from './keycloak-config.js';
import { KEYCLOAK_TOKEN_REVOCATION } from './keycloak-token-revocation.js';

/**
 * Keycloak for core: `getConfig` reads `KEYCLOAK_TOKEN_URL`, `AGENT_CLIENT_ID`,
 * `AGENT_CLIENT_SECRET` (in that order) and sets `audience` to the realm URL, and warns
 * (`config_setting_ignored`) when `API_AUDIENCE` is set, which Keycloak ignores; `createAdapter`
 * makes a {@link KeycloakAdapter}. Loaded by name for `DUAL_AUTH_VENDOR=keycloak`, or passed in
 * `plugins`.
 *
 * @example
 * const config = await getConfig({ plugins: [keycloakPlugin] });
 */
export const keycloakPlugin: AdapterPlugin<KeycloakConfig, KeycloakAdapterOptions> = {
  kind: 'adapter',
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'keycloak',
  // Built in a pure call: a bare call or spread here would keep the plugin, and with it the adapter
  // and core's adapter kit, in every bundle of the dist, even one that imports only the profile.
  settings: /* @__PURE__ */ (() => [tokenUrlSetting('KEYCLOAK_TOKEN_URL'), ...AGENT_SETTINGS])(),
  completeConfig: ({ tokenUrl }) => ({ audience: realmUrlOf(String(tokenUrl)) }),
  // Keycloak takes no audience parameter for client_credentials: `aud` comes from the client's
  // mappers (Server Administration Guide, "Audience support"). Auth0, Okta and Entra ID read it.
  ignoredSettings: [
    {
      variable: 'API_AUDIENCE',
      instead:
        '"aud" comes from an Audience mapper on the agent client; name the API there, unset API_AUDIENCE',
    },
  ],
  tokenRevocation: KEYCLOAK_TOKEN_REVOCATION,
  createAdapter: createKeycloakAdapter,
  doctorAdvice: '@dual-auth/adapter-keycloak/doctor',
};
