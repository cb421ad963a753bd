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
