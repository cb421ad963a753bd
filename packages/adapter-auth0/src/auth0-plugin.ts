import {
  type AdapterPlugin,
  AGENT_SETTINGS,
  SPECIFICATION_VERSION,
  tokenUrlSetting,
} from '@dual-auth/core';
import type { Auth0AdapterOptions } from './auth0-adapter-options.js';
import type { Auth0Config } from './auth0-config.js';
import { AUTH0_IGNORED_SETTINGS } from './auth0-ignored-settings.js';
import { AUTH0_TOKEN_REVOCATION } from './auth0-token-revocation.js';
import { createAuth0Adapter } from './create-auth0-adapter.js';

/**
 * Auth0 for core: `getConfig` reads `AUTH0_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`,
 * `API_AUDIENCE` (in that order), and warns (`config_setting_ignored`) when `API_SCOPE`, `APP_ID`,
 * `OKTA_ASSERTION_AUDIENCE`, `OAUTH_ASSERTION_AUDIENCE` or `OAUTH_REVOCATION_URL` is set, which
 * Auth0 ignores; `createAdapter` makes an {@link Auth0Adapter}. Loaded by name
 * for `DUAL_AUTH_VENDOR=auth0`, or passed in `plugins`.
 *
 * @example
 * const config = await getConfig({ plugins: [auth0Plugin] });
 */
export const auth0Plugin: AdapterPlugin<Auth0Config, Auth0AdapterOptions> = {
  kind: 'adapter',
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'auth0',
  // Built in a pure call: a bare call or spread here would keep the plugin, and with it the adapter
  // and core's adapter kit, in every bundle of the dist, even one that imports only the profile.
  settings: /* @__PURE__ */ (() => [
    tokenUrlSetting('AUTH0_TOKEN_URL'),
    ...AGENT_SETTINGS,
    { variable: 'API_AUDIENCE', field: 'audience' },
  ])(),
  ignoredSettings: AUTH0_IGNORED_SETTINGS,
  tokenRevocation: AUTH0_TOKEN_REVOCATION,
  createAdapter: createAuth0Adapter,
  doctorAdvice: '@dual-auth/adapter-auth0/doctor',
};
