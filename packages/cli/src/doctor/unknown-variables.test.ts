import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { describe, expect, it } from 'vitest';
import { unknownVariableWarnings } from './unknown-variables.js';

describe('unknownVariableWarnings', () => {
  it("Entra ID: its token URL's prefix ENTRAID_, near misses of APP_ names; ignored settings are known", () => {
    const warnings = unknownVariableWarnings(
      {
        ENTRAID_TOKN_URL: 'x',
        ENTRAID_TENANT: 'x',
        APP_PRIVATE_KEY_PTH: 'x',
        APP_ENV: 'x',
        OAUTH_ASSERTION_AUDIENCE: 'x',
        APP_PRIVATE_KEY_PATH: 'x',
      },
      entraIdPlugin,
    );
    expect(warnings).toEqual([
      'APP_PRIVATE_KEY_PTH is set, and no dual-auth package reads it (vendor entraid): did you mean APP_PRIVATE_KEY_PATH?',
      'ENTRAID_TENANT is set, and no dual-auth package reads it (vendor entraid): check its name against docs/wire-format.md, or unset it',
      'ENTRAID_TOKN_URL is set, and no dual-auth package reads it (vendor entraid): did you mean ENTRAID_TOKEN_URL?',
    ]);
  });

  it('OAuth: OAUTH_ names it does not read; another vendor’s names are not its business', () => {
    const warnings = unknownVariableWarnings(
      { OAUTH_PRESETT: 'x', OAUTH_MODE: 'x', KEYCLOAK_TOKEN_URL: 'x' },
      oauthPlugin,
    );
    expect(warnings).toEqual([
      'OAUTH_PRESETT is set, and no dual-auth package reads it (vendor oauth): did you mean OAUTH_PRESET?',
    ]);
  });

  // Session 35 (smalls): names are case-sensitive (POSIX), and every package reads its variables in
  // capitals: dual_auth_log=debug was read by none, and doctor said nothing.
  it('a dual-auth or vendor name in lower or mixed case: did you mean it in capitals', () => {
    const warnings = unknownVariableWarnings(
      {
        dual_auth_log: 'x',
        Dual_Auth_Secrets_Backend: 'x',
        dual_auth_log_levl: 'x',
        dual_auth_whatever: 'x',
        oauth_token_url: 'x',
        agent_client_secret: 'x',
        app_env: 'x',
        home: 'x',
      },
      oauthPlugin,
    );
    expect(warnings).toEqual([
      'Dual_Auth_Secrets_Backend is set, and no dual-auth package reads it (vendor oauth): did you mean DUAL_AUTH_SECRETS_BACKEND? (environment names are case-sensitive)',
      'agent_client_secret is set, and no dual-auth package reads it (vendor oauth): did you mean AGENT_CLIENT_SECRET? (environment names are case-sensitive)',
      'dual_auth_log is set, and no dual-auth package reads it (vendor oauth): did you mean DUAL_AUTH_LOG? (environment names are case-sensitive)',
      'dual_auth_log_levl is set, and no dual-auth package reads it (vendor oauth): did you mean DUAL_AUTH_LOG_LEVEL?',
      'dual_auth_whatever is set, and no dual-auth package reads it (vendor oauth): check its name against docs/wire-format.md, or unset it',
      'oauth_token_url is set, and no dual-auth package reads it (vendor oauth): did you mean OAUTH_TOKEN_URL? (environment names are case-sensitive)',
    ]);
  });

  it('an environment that finds names in any case (Windows) reads dual_auth_log: no warning there', () => {
    const names = { dual_auth_log: 'x' };
    // As Node's process.env on Windows: a lookup in capitals finds the name set in lower case.
    const anyCase = new Proxy(names, {
      has: (target, name) =>
        Object.keys(target).some((key) => key.toUpperCase() === String(name).toUpperCase()),
    });
    expect(unknownVariableWarnings(anyCase, oauthPlugin)).toEqual([]);
    // Set in both cases where names are case-sensitive, the lower-case one is read by none.
    expect(unknownVariableWarnings({ ...names, DUAL_AUTH_LOG: 'x' }, oauthPlugin)).toHaveLength(1);
  });

  it('an environment whose names cannot be listed gives no warning, never an error', () => {
    const refusing = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('listing refused');
        },
      },
    );
    expect(unknownVariableWarnings(refusing, oauthPlugin)).toEqual([]);
  });
});
