import type { IgnoredSetting } from '@dual-auth/core';

/**
 * What Entra ID and Okta read that `@dual-auth/adapter-oauth` has no use for: set, each logs
 * `config_setting_ignored` from `getConfig`. The server is sent the scopes each request asks for
 * (Entra ID's `<api>/.default` included), no act assertion is signed (Entra ID's,
 * whose signer `APP_ID` names), and the
 * assertion's `aud` is `OAUTH_ASSERTION_AUDIENCE` (a URL; default the token URL).
 */
export const OAUTH_IGNORED_SETTINGS: readonly IgnoredSetting[] = [
  {
    variable: 'API_SCOPE',
    instead:
      '"scope" is what each token request asks for (put <api>/.default there for Entra ID); unset API_SCOPE',
  },
  {
    variable: 'APP_ID',
    instead: "no act assertion is signed (Entra ID's APP_ID names its signer); unset APP_ID",
  },
  {
    variable: 'OKTA_ASSERTION_AUDIENCE',
    instead:
      'set OAUTH_ASSERTION_AUDIENCE to the URL the server expects as "aud" (default: the token URL) instead',
  },
];
