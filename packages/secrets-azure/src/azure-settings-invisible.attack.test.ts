import { settingRefusal } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { AzureSecretsBackend, type AzureSecretsBackendOptions } from './azure-secrets-backend.js';

// Settings come from options or from DUAL_AUTH_AZURE_* variables.
// An invisible character in a setting would be sent to the store as is and look right when
// printed: refused like core's identifiers, naming the setting and the code point, not the value.
const MARK = 'zq7';

const cases: [string, AzureSecretsBackendOptions, string, string][] = [
  ['vaultUrl', { vaultUrl: `https://${MARK}.vault.azure.net\u200B` }, 'vaultUrl', 'U+200B'],
  [
    'DUAL_AUTH_AZURE_VAULT_URL',
    { env: { DUAL_AUTH_AZURE_VAULT_URL: `https://${MARK}\t.vault.azure.net` } },
    'DUAL_AUTH_AZURE_VAULT_URL',
    'U+0009',
  ],
  [
    'secretPrefix',
    { vaultUrl: 'https://v.vault.azure.net', secretPrefix: `app-\u200E${MARK}` },
    'secretPrefix',
    'U+200E',
  ],
  [
    'DUAL_AUTH_AZURE_SECRET_PREFIX',
    {
      vaultUrl: 'https://v.vault.azure.net',
      env: { DUAL_AUTH_AZURE_SECRET_PREFIX: `app-${MARK}\u0085-` },
    },
    'DUAL_AUTH_AZURE_SECRET_PREFIX',
    'U+0085',
  ],
];

describe('AzureSecretsBackend settings with invisible characters', () => {
  it.each(cases)('refuses %s, naming it and the code point only', (_, options, name, codePoint) => {
    settingRefusal(() => new AzureSecretsBackend({ ...options, env: { ...options.env } }), {
      name,
      codePoint,
      hidden: MARK,
    });
  });
});
