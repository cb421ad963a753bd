import type { IgnoredSetting } from '@dual-auth/core';

/**
 * What Entra ID and `@dual-auth/adapter-oauth` read that Okta has no use for: set, each logs
 * `config_setting_ignored` from `getConfig`. Okta is sent the scopes each request asks for, gets
 * the human in the client assertion's `act`, takes its assertion audience from
 * `OKTA_ASSERTION_AUDIENCE`, and revokes at `/v1/revoke` beside the token URL
 * (https://developer.okta.com/docs/reference/api/oidc/#revoke).
 */
export const OKTA_IGNORED_SETTINGS: readonly IgnoredSetting[] = [
  {
    variable: 'API_SCOPE',
    instead: 'Okta is sent the scopes each token request asks for; unset API_SCOPE',
  },
  {
    variable: 'APP_ID',
    instead:
      'Okta signs no act assertion: the human travels in the client assertion\'s "act"; unset APP_ID',
  },
  {
    variable: 'OAUTH_ASSERTION_AUDIENCE',
    instead:
      'set OKTA_ASSERTION_AUDIENCE to issuer or token-endpoint (what a real org wants) instead',
  },
  {
    variable: 'OAUTH_REVOCATION_URL',
    instead: 'Okta revokes at /v1/revoke beside OKTA_TOKEN_URL; unset OAUTH_REVOCATION_URL',
  },
];
