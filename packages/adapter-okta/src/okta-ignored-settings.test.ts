import { ignoredSettingWarnings } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { oktaPlugin } from './okta-plugin.js';

const ENV = {
  OKTA_TOKEN_URL: 'https://acme.okta.com/oauth2/aus1/v1/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged-0123456789',
  API_AUDIENCE: 'api://finance',
  OKTA_ASSERTION_AUDIENCE: 'token-endpoint',
};
// wave33/ignored: what Entra ID and adapter-oauth read, set with Okta, was dropped without a word
// (API_SCOPE never became a scope, OAUTH_ASSERTION_AUDIENCE never an assertion's aud).
const WARNINGS: Readonly<Record<string, string>> = {
  API_SCOPE: 'Okta is sent the scopes each token request asks for; unset API_SCOPE',
  APP_ID:
    'Okta signs no act assertion: the human travels in the client assertion\'s "act"; unset APP_ID',
  OAUTH_ASSERTION_AUDIENCE:
    'set OKTA_ASSERTION_AUDIENCE to issuer or token-endpoint (what a real org wants) instead',
  OAUTH_REVOCATION_URL:
    'Okta revokes at /v1/revoke beside OKTA_TOKEN_URL; unset OAUTH_REVOCATION_URL',
};

describe('oktaPlugin: settings other vendors read, that Okta ignores', () => {
  it('warns config_setting_ignored once for each, by name only, and not for what Okta reads', async () => {
    await ignoredSettingWarnings(oktaPlugin, ENV, WARNINGS);
  });
});
