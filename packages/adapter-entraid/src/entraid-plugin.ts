import {
  type AdapterPlugin,
  AGENT_SETTINGS,
  ConfigurationError,
  SPECIFICATION_VERSION,
  tokenUrlSetting,
} from '@dual-auth/core';
import { createEntraIdAdapter } from './create-entraid-adapter.js';
import type { EntraIdAdapterOptions } from './entraid-adapter-options.js';
import type { EntraIdConfig } from './entraid-config.js';
import { ENTRAID_IGNORED_SETTINGS } from './entraid-ignored-settings.js';
import { ENTRAID_TOKEN_REVOCATION } from './entraid-token-revocation.js';

/**
 * Entra ID for core: `getConfig` reads `APP_PRIVATE_KEY` or `APP_PRIVATE_KEY_PATH` (one is
 * needed; the PEM text wins), `API_SCOPE`, `ENTRAID_TOKEN_URL`, `AGENT_CLIENT_ID`,
 * `AGENT_CLIENT_SECRET`, `APP_ID`, `API_AUDIENCE` (in that order) and warns when `API_SCOPE` lacks
 * `/.default` or `OKTA_ASSERTION_AUDIENCE`, `OAUTH_ASSERTION_AUDIENCE` or `OAUTH_REVOCATION_URL` (which
 * Entra ID ignores) is set; `@dual-auth/core/node` reads the key file; `createAdapter` makes an
 * {@link EntraIdAdapter}. Loaded by name for `DUAL_AUTH_VENDOR=entraid`, or passed in `plugins`.
 *
 * @example
 * const config = await getConfig({ plugins: [entraIdPlugin] });
 */
export const entraIdPlugin: AdapterPlugin<EntraIdConfig, EntraIdAdapterOptions> = {
  kind: 'adapter',
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'entraid',
  // Built in a pure call: a bare call or spread here would keep the plugin, and with it the adapter
  // and core's adapter kit, in every bundle of the dist, even one that imports only the profile.
  settings: /* @__PURE__ */ (() => [
    {
      variable: 'APP_PRIVATE_KEY',
      field: 'appPrivateKey',
      kind: 'private-key-pem',
      optional: true,
    },
    { variable: 'APP_PRIVATE_KEY_PATH', field: 'appPrivateKeyPath', optional: true },
    { variable: 'API_SCOPE', field: 'scope' },
    tokenUrlSetting('ENTRAID_TOKEN_URL'),
    ...AGENT_SETTINGS,
    { variable: 'APP_ID', field: 'appId' },
    { variable: 'API_AUDIENCE', field: 'actAudience' },
  ])(),
  completeConfig({ appPrivateKey, appPrivateKeyPath, scope }, { logger }) {
    if (appPrivateKey === undefined && appPrivateKeyPath === undefined) {
      throw new ConfigurationError({
        message:
          'EntraID needs the app private key: set APP_PRIVATE_KEY (PEM text) or APP_PRIVATE_KEY_PATH (a PEM file, read by @dual-auth/core/node)',
        variable: 'APP_PRIVATE_KEY_PATH',
      });
    }
    if (!String(scope).endsWith('/.default')) {
      logger.warn('entraid_scope_format', {
        message: "API_SCOPE for EntraID typically ends with '/.default'",
        scope,
      });
    }
    // The PEM text wins: the path is then not part of the config.
    return appPrivateKey === undefined ? {} : { appPrivateKeyPath: undefined };
  },
  keyFiles: [
    { pathField: 'appPrivateKeyPath', keyField: 'appPrivateKey', variable: 'APP_PRIVATE_KEY_PATH' },
  ],
  ignoredSettings: ENTRAID_IGNORED_SETTINGS,
  tokenRevocation: ENTRAID_TOKEN_REVOCATION,
  createAdapter: createEntraIdAdapter,
  doctorAdvice: '@dual-auth/adapter-entraid/doctor',
};
