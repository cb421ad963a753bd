import { ignoredSettingWarnings } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { oauthPlugin } from './oauth-plugin.js';

const ENV = {
  OAUTH_TOKEN_URL: 'https://idp.example/oauth2/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'oauth-plugin-secret',
  API_AUDIENCE: 'https://api',
  OAUTH_ASSERTION_AUDIENCE: 'https://idp.example/oauth2',
};
// wave33/ignored: what Entra ID and Okta read, set with adapter-oauth, was dropped without a word
// (OKTA_ASSERTION_AUDIENCE never became the assertion's aud, API_SCOPE never a scope).
const WARNINGS: Readonly<Record<string, string>> = {
  API_SCOPE:
    '"scope" is what each token request asks for (put <api>/.default there for Entra ID); unset API_SCOPE',
  APP_ID: "no act assertion is signed (Entra ID's APP_ID names its signer); unset APP_ID",
  OKTA_ASSERTION_AUDIENCE:
    'set OAUTH_ASSERTION_AUDIENCE to the URL the server expects as "aud" (default: the token URL) instead',
};

describe('oauthPlugin: settings other vendors read, that adapter-oauth ignores', () => {
  it('warns config_setting_ignored once for each, by name only, and not for what adapter-oauth reads', async () => {
    await ignoredSettingWarnings(oauthPlugin, ENV, WARNINGS);
  });
});
