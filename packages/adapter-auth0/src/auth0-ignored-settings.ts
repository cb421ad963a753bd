import type { IgnoredSetting } from '@dual-auth/core';

/**
 * What Entra ID, Okta and `@dual-auth/adapter-oauth` read that Auth0 has no use for: set, each
 * logs `config_setting_ignored` from `getConfig`. Auth0 takes the API as `audience`
 * (`API_AUDIENCE`), derives the assertion's `aud` from the token URL (docs/wire-format.md), and
 * revokes refresh tokens only (https://auth0.com/docs/secure/tokens/revoke-tokens).
 */
export const AUTH0_IGNORED_SETTINGS: readonly IgnoredSetting[] = [
  {
    variable: 'API_SCOPE',
    instead:
      'Auth0 gets the API from API_AUDIENCE ("audience"), and "scope" only with the sendScope option (the scopes asked for); unset API_SCOPE',
  },
  {
    variable: 'APP_ID',
    instead:
      'Auth0 signs no act assertion: a Credentials-Exchange Action copies "act" into the token; unset APP_ID',
  },
  ...['OKTA_ASSERTION_AUDIENCE', 'OAUTH_ASSERTION_AUDIENCE'].map((variable) => ({
    variable,
    instead: `the client assertion's "aud" is the tenant URL, from AUTH0_TOKEN_URL; unset ${variable}`,
  })),
  {
    variable: 'OAUTH_REVOCATION_URL',
    instead:
      'Auth0 revokes no access token (its /oauth/revoke takes refresh tokens only); unset OAUTH_REVOCATION_URL',
  },
];
