import { settingRefusal } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { VaultSecretsBackend, type VaultSecretsBackendOptions } from './vault-secrets-backend.js';

// Settings come from options or from VAULT_* and DUAL_AUTH_VAULT_* variables.
// An invisible character in a setting would be sent to the store as is and look right when
// printed: refused like core's identifiers, naming the setting and the code point, not the value.
const MARK = 'zq7';

const cases: [string, VaultSecretsBackendOptions, string, string][] = [
  ['address', { address: `https://${MARK}.example:8200\u200B` }, 'address', 'U+200B'],
  ['VAULT_ADDR', { env: { VAULT_ADDR: `https://${MARK}\r.example:8200` } }, 'VAULT_ADDR', 'U+000D'],
  [
    'VAULT_NAMESPACE',
    { env: { VAULT_NAMESPACE: `team\u2066${MARK}` } },
    'VAULT_NAMESPACE',
    'U+2066',
  ],
  ['mount', { mount: `kv\u0000${MARK}` }, 'mount', 'U+0000'],
  [
    'DUAL_AUTH_VAULT_PATH_PREFIX',
    { env: { DUAL_AUTH_VAULT_PATH_PREFIX: `app/${MARK}\u00AD/` } },
    'DUAL_AUTH_VAULT_PATH_PREFIX',
    'U+00AD',
  ],
];

describe('VaultSecretsBackend settings with invisible characters', () => {
  it.each(cases)('refuses %s, naming it and the code point only', (_, options, name, codePoint) => {
    settingRefusal(
      () =>
        new VaultSecretsBackend({
          ...options,
          env: {
            VAULT_ADDR: 'https://vault.example:8200',
            VAULT_TOKEN: 'hvs.test',
            ...options.env,
          },
        }),
      { name, codePoint, hidden: MARK },
    );
  });
});
