import {
  type AdapterPlugin,
  ConfigurationError,
  SPECIFICATION_VERSION,
  tokenUrlSetting,
} from '@dual-auth/core';
import { checkIssuerUrls } from './check-issuer-url.js';
import { checkModeChoices } from './check-mode-choices.js';
import { createOAuthAdapter } from './create-oauth-adapter.js';
import type { OAuthAdapterOptions } from './oauth-adapter.js';
import type { OAuthConfig, OAuthMode, OAuthTokenAuthMethod } from './oauth-config.js';
import { OAUTH_IGNORED_SETTINGS } from './oauth-ignored-settings.js';
import { OAUTH_PRESETS } from './oauth-presets.js';
import { OAUTH_TOKEN_REVOCATION } from './oauth-token-revocation.js';

const CHOICES: Readonly<Record<string, readonly string[]>> = {
  OAUTH_MODE: ['client-credentials', 'token-exchange', 'on-behalf-of', 'id-jag'],
  OAUTH_TOKEN_AUTH_METHOD: ['client_secret_jwt', 'private_key_jwt', 'client_secret_post'],
  OAUTH_SIGNING_ALG: ['RS256', 'PS256', 'ES256'],
  OAUTH_PRESET: Object.keys(OAUTH_PRESETS),
  OAUTH_ACTOR_TOKEN: ['none', 'client-credentials'],
};
const FIELDS: Readonly<Record<string, string>> = {
  OAUTH_MODE: 'mode',
  OAUTH_TOKEN_AUTH_METHOD: 'authMethod',
  OAUTH_SIGNING_ALG: 'signingAlg',
  OAUTH_PRESET: 'preset',
  OAUTH_ACTOR_TOKEN: 'actorToken',
};

function refuse(message: string, variable: string): never {
  throw new ConfigurationError({ message, variable });
}

/**
 * A standards-based OAuth 2.0 IdP for core: `getConfig` reads `OAUTH_TOKEN_URL`,
 * `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET` (not needed with `private_key_jwt`), then the optional
 * `OAUTH_MODE`, `OAUTH_TOKEN_AUTH_METHOD`, `API_AUDIENCE`, `OAUTH_ASSERTION_AUDIENCE`,
 * `OAUTH_PRIVATE_KEY` or `OAUTH_PRIVATE_KEY_PATH`, `OAUTH_KEY_ID`, `OAUTH_SIGNING_ALG`, and for
 * delegation `OAUTH_PRESET`, `OAUTH_ACTOR_TOKEN`, `OAUTH_REQUESTED_TOKEN_TYPE`, `OAUTH_RESOURCE`,
 * `OAUTH_IDP_TOKEN_URL`, `OAUTH_RESOURCE_ISSUER`, `OAUTH_ISSUER` (RFC 8414 `issuer`: the delegated
 * token's `iss`, else not compared), `OAUTH_HUMAN_ID_CLAIM` (`token-exchange`: the claim holding
 * the human's user id instead of `sub`, Okta's `uid`), and `OAUTH_REVOCATION_URL` (RFC 7009, where
 * `endDelegation` revokes tokens); it warns (`config_setting_ignored`) when `API_SCOPE`, `APP_ID` or
 * `OKTA_ASSERTION_AUDIENCE` is set, which it ignores;
 * `createAdapter` makes an {@link OAuthAdapter}. Loaded by name for `DUAL_AUTH_VENDOR=oauth`.
 *
 * @example
 * const config = await getConfig({ plugins: [oauthPlugin] });
 */
export const oauthPlugin: AdapterPlugin<OAuthConfig, OAuthAdapterOptions> = {
  kind: 'adapter',
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'oauth',
  // Built in a pure call: a bare call or spread here would keep the plugin, and with it the adapter
  // and core's adapter kit, in every bundle of the dist, even one that imports only the profile.
  settings: /* @__PURE__ */ (() => [
    tokenUrlSetting('OAUTH_TOKEN_URL'),
    { variable: 'AGENT_CLIENT_ID', field: 'clientId' },
    { variable: 'AGENT_CLIENT_SECRET', field: 'clientSecret', kind: 'secret', optional: true },
    { variable: 'OAUTH_MODE', field: 'mode', optional: true },
    { variable: 'OAUTH_TOKEN_AUTH_METHOD', field: 'authMethod', optional: true },
    { variable: 'API_AUDIENCE', field: 'audience', optional: true },
    { variable: 'OAUTH_ASSERTION_AUDIENCE', field: 'assertionAudience', optional: true },
    { variable: 'OAUTH_PRIVATE_KEY', field: 'privateKey', kind: 'private-key-pem', optional: true },
    { variable: 'OAUTH_PRIVATE_KEY_PATH', field: 'privateKeyPath', optional: true },
    { variable: 'OAUTH_KEY_ID', field: 'keyId', optional: true },
    { variable: 'OAUTH_SIGNING_ALG', field: 'signingAlg', optional: true },
    { variable: 'OAUTH_PRESET', field: 'preset', optional: true },
    { variable: 'OAUTH_ACTOR_TOKEN', field: 'actorToken', optional: true },
    { variable: 'OAUTH_REQUESTED_TOKEN_TYPE', field: 'requestedTokenType', optional: true },
    { variable: 'OAUTH_RESOURCE', field: 'resource', optional: true },
    { variable: 'OAUTH_IDP_TOKEN_URL', field: 'idpTokenUrl', kind: 'token-url', optional: true },
    // An issuer URL follows the token URL's rule: HTTPS, http only on loopback by opt-in.
    {
      variable: 'OAUTH_RESOURCE_ISSUER',
      field: 'resourceIssuer',
      kind: 'token-url',
      optional: true,
    },
    { variable: 'OAUTH_ISSUER', field: 'issuer', kind: 'token-url', optional: true },
    { variable: 'OAUTH_HUMAN_ID_CLAIM', field: 'humanIdClaim', optional: true },
    {
      variable: 'OAUTH_REVOCATION_URL',
      field: 'revocationEndpoint',
      kind: 'token-url',
      optional: true,
    },
  ])(),
  completeConfig(fields) {
    for (const [variable, choices] of Object.entries(CHOICES)) {
      const value = fields[FIELDS[variable] ?? ''];
      if (value !== undefined && !choices.includes(value)) {
        refuse(`${variable} must be one of: ${choices.join(', ')}`, variable);
      }
    }
    const preset = fields.preset as keyof typeof OAUTH_PRESETS | undefined;
    checkModeChoices({
      preset,
      mode: fields.mode as OAuthMode | undefined,
      authMethod: fields.authMethod as OAuthTokenAuthMethod | undefined,
      issuer: fields.issuer,
      resourceIssuer: fields.resourceIssuer,
      humanIdClaim: fields.humanIdClaim,
      requestedTokenType: fields.requestedTokenType,
    });
    // Their schemes were checked as a token URL's, with getConfig's allowInsecureLoopback.
    checkIssuerUrls(fields, { allowInsecureLoopback: true });
    const authMethod = fields.authMethod ?? (preset && OAUTH_PRESETS[preset].authMethod);
    if (authMethod !== 'private_key_jwt') {
      if (fields.clientSecret === undefined) {
        refuse(
          'AGENT_CLIENT_SECRET is required unless OAUTH_TOKEN_AUTH_METHOD=private_key_jwt',
          'AGENT_CLIENT_SECRET',
        );
      }
      return {};
    }
    if (fields.privateKey === undefined && fields.privateKeyPath === undefined) {
      refuse(
        'private_key_jwt needs the agent key: set OAUTH_PRIVATE_KEY (PEM text) or OAUTH_PRIVATE_KEY_PATH (a PEM file, read by @dual-auth/core/node)',
        'OAUTH_PRIVATE_KEY',
      );
    }
    return { clientSecret: fields.clientSecret ?? '' };
  },
  keyFiles: [
    { pathField: 'privateKeyPath', keyField: 'privateKey', variable: 'OAUTH_PRIVATE_KEY_PATH' },
  ],
  ignoredSettings: OAUTH_IGNORED_SETTINGS,
  tokenRevocation: OAUTH_TOKEN_REVOCATION,
  createAdapter: createOAuthAdapter,
  doctorAdvice: '@dual-auth/adapter-oauth/doctor',
};
