import { ignoredSettingWarnings } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { entraIdPlugin } from './entraid-plugin.js';

const ENV = {
  APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIE-never-logged\\n-----END PRIVATE KEY-----',
  API_SCOPE: 'api://finance/.default',
  ENTRAID_TOKEN_URL: 'https://login.microsoftonline.com/t1/oauth2/v2.0/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged',
  APP_ID: 'finance-agent',
  API_AUDIENCE: 'api://finance',
};
// wave33/ignored: what Okta and adapter-oauth read, set with Entra ID, was dropped without a word
// (an assertion audience for an agent token asked for with the client secret).
const NO_CLIENT_ASSERTION =
  'Entra ID gets the agent token with the client secret, no client assertion; the act assertion\'s "aud" is API_AUDIENCE';
const WARNINGS: Readonly<Record<string, string>> = {
  OKTA_ASSERTION_AUDIENCE: `${NO_CLIENT_ASSERTION}; unset OKTA_ASSERTION_AUDIENCE`,
  OAUTH_ASSERTION_AUDIENCE: `${NO_CLIENT_ASSERTION}; unset OAUTH_ASSERTION_AUDIENCE`,
  OAUTH_REVOCATION_URL:
    'Entra ID has no revocation endpoint, access tokens stay valid until exp; unset OAUTH_REVOCATION_URL',
};

describe('entraIdPlugin: settings other vendors read, that Entra ID ignores', () => {
  it('warns config_setting_ignored once for each, by name only, and not for what Entra ID reads', async () => {
    await ignoredSettingWarnings(entraIdPlugin, ENV, WARNINGS);
  });
});
