import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { startVaultEmulator } from '@dual-auth/testing/emulators';
import { vaultSecretPath } from './vault-secret-path.js';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

const TOKEN = 'hvs.test-only-conformance-token';
const FAILURES = { 'access-denied': 'forbidden', throttled: 'throttling' } as const;

runSecretsBackendConformance({
  name: 'vault',
  settings: ['VAULT_ADDR', 'VAULT_TOKEN', 'DUAL_AUTH_VAULT_MOUNT', 'DUAL_AUTH_VAULT_PATH_PREFIX'],
  credentials: [TOKEN],
  start: async () => {
    const vault = await startVaultEmulator({ tokens: [TOKEN] });
    const env = {
      VAULT_ADDR: vault.endpoint,
      VAULT_TOKEN: TOKEN,
      DUAL_AUTH_VAULT_MOUNT: 'secret',
      DUAL_AUTH_VAULT_PATH_PREFIX: 'dual-auth/',
    };
    return {
      store: {
        setSecret: (key, value) =>
          vault.setSecret(`secret/${vaultSecretPath(key, 'dual-auth/').path}`, { value }),
        failNext: (failure, times) => vault.failNext(FAILURES[failure], times),
        reads: () => vault.requests.filter((r) => r.path.startsWith('/v1/secret/')).length,
        close: () => vault.close(),
      },
      env,
      createBackend: (options) =>
        new VaultSecretsBackend({
          env,
          caPem: vault.caPem,
          kubernetesTokenPath: '/nonexistent/dual-auth-conformance-token',
          ...options,
        }),
    };
  },
});
