import {
  type AdapterPlugin,
  AGENT_SETTINGS,
  ConfigurationError,
  SPECIFICATION_VERSION,
  tokenUrlSetting,
} from '@dual-auth/core';
import { createOktaAdapter } from './create-okta-adapter.js';
import type { OktaAdapterOptions } from './okta-adapter.js';
import type { OktaConfig } from './okta-config.js';
import { OKTA_IGNORED_SETTINGS } from './okta-ignored-settings.js';
import { OKTA_TOKEN_REVOCATION } from './okta-token-revocation.js';

const AUDIENCES: readonly string[] = ['issuer', 'token-endpoint'];

/**
 * Okta for core: `getConfig` reads `OKTA_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`,
 * `API_AUDIENCE` and the optional `OKTA_ASSERTION_AUDIENCE` (`issuer` or `token-endpoint`; a real
 * org needs `token-endpoint`), and warns (`config_setting_ignored`) when `API_SCOPE`, `APP_ID`,
 * `OAUTH_ASSERTION_AUDIENCE` or `OAUTH_REVOCATION_URL` is set, which Okta ignores; `createAdapter` makes an {@link OktaAdapter}. Loaded by name for
 * `DUAL_AUTH_VENDOR=okta`, or passed in `plugins`.
 *
 * @example
 * const config = await getConfig({ plugins: [oktaPlugin] }); // OKTA_ASSERTION_AUDIENCE=token-endpoint
 */
export const oktaPlugin: AdapterPlugin<OktaConfig, OktaAdapterOptions> = {
  kind: 'adapter',
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'okta',
  // Built in a pure call: a bare call or spread here would keep the plugin, and with it the adapter
  // and core's adapter kit, in every bundle of the dist, even one that imports only the profile.
  settings: /* @__PURE__ */ (() => [
    tokenUrlSetting('OKTA_TOKEN_URL'),
    ...AGENT_SETTINGS,
    { variable: 'API_AUDIENCE', field: 'audience' },
    { variable: 'OKTA_ASSERTION_AUDIENCE', field: 'assertionAudience', optional: true },
  ])(),
  completeConfig({ assertionAudience }) {
    if (assertionAudience !== undefined && !AUDIENCES.includes(assertionAudience)) {
      throw new ConfigurationError({
        message: "OKTA_ASSERTION_AUDIENCE must be 'issuer' or 'token-endpoint'",
        variable: 'OKTA_ASSERTION_AUDIENCE',
      });
    }
    return {};
  },
  ignoredSettings: OKTA_IGNORED_SETTINGS,
  tokenRevocation: OKTA_TOKEN_REVOCATION,
  createAdapter: createOktaAdapter,
  doctorAdvice: '@dual-auth/adapter-okta/doctor',
};
