import { ignoredSettingWarnings } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { auth0Plugin } from './auth0-plugin.js';

const ENV = {
  AUTH0_TOKEN_URL: 'https://t.auth0.com/oauth/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged',
  API_AUDIENCE: 'https://api',
};
// wave33/ignored: what Entra ID, Okta and adapter-oauth read, set with Auth0, was dropped without
// a word (API_SCOPE never became a scope, OAUTH_REVOCATION_URL never revoked anything).
const WARNINGS: Readonly<Record<string, string>> = {
  API_SCOPE:
    'Auth0 gets the API from API_AUDIENCE ("audience"), and "scope" only with the sendScope option (the scopes asked for); unset API_SCOPE',
  APP_ID:
    'Auth0 signs no act assertion: a Credentials-Exchange Action copies "act" into the token; unset APP_ID',
  OKTA_ASSERTION_AUDIENCE:
    'the client assertion\'s "aud" is the tenant URL, from AUTH0_TOKEN_URL; unset OKTA_ASSERTION_AUDIENCE',
  OAUTH_ASSERTION_AUDIENCE:
    'the client assertion\'s "aud" is the tenant URL, from AUTH0_TOKEN_URL; unset OAUTH_ASSERTION_AUDIENCE',
  OAUTH_REVOCATION_URL:
    'Auth0 revokes no access token (its /oauth/revoke takes refresh tokens only); unset OAUTH_REVOCATION_URL',
};

describe('auth0Plugin: settings other vendors read, that Auth0 ignores', () => {
  it('warns config_setting_ignored once for each, by name only, and not for what Auth0 reads', async () => {
    await ignoredSettingWarnings(auth0Plugin, ENV, WARNINGS);
  });
});
