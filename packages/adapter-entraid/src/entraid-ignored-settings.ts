import type { IgnoredSetting } from '@dual-auth/core';

const NO_CLIENT_ASSERTION =
  'Entra ID gets the agent token with the client secret, no client assertion; the act assertion\'s "aud" is API_AUDIENCE';

/**
 * What Okta and `@dual-auth/adapter-oauth` read that Entra ID has no use for: set, each logs
 * `config_setting_ignored` from `getConfig`. The agent token is asked for with `client_secret`
 * (no client assertion to give an `aud`), and the Microsoft identity platform has no RFC 7009
 * endpoint (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#token-revocation).
 */
export const ENTRAID_IGNORED_SETTINGS: readonly IgnoredSetting[] = [
  ...['OKTA_ASSERTION_AUDIENCE', 'OAUTH_ASSERTION_AUDIENCE'].map((variable) => ({
    variable,
    instead: `${NO_CLIENT_ASSERTION}; unset ${variable}`,
  })),
  {
    variable: 'OAUTH_REVOCATION_URL',
    instead:
      'Entra ID has no revocation endpoint, access tokens stay valid until exp; unset OAUTH_REVOCATION_URL',
  },
];
