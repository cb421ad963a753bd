import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { startVaultEmulator } from '@dual-auth/testing/emulators';
import { vaultSecretPath } from './vault-secret-path.js';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

const TOKEN = 'hvs.test-only-conformance-token';
const FAILURES = { 'access-denied': 'forbidden', throttled: 'throttling' } as const;

runSecretsBackendConformance({
  name: 'vault',
  credentials: [TOKEN],
  start: async () => {
    const vault = await startVaultEmulator({ tokens: [TOKEN] });
    return {
      store: {
        setSecret: (key, value) =>
          vault.setSecret(`secret/${vaultSecretPath(key, 'dual-auth/').path}`, { value }),
        failNext: (failure, times) => vault.failNext(FAILURES[failure], times),
        reads: () => vault.requests.filter((r) => r.path.startsWith('/v1/secret/')).length,
        close: () => vault.close(),
      },
      createBackend: (options) =>
        new VaultSecretsBackend({
          env: { VAULT_ADDR: vault.endpoint, VAULT_TOKEN: TOKEN },
          caPem: vault.caPem,
          kubernetesTokenPath: '/nonexistent/dual-auth-conformance-token',
          ...options,
        }),
    };
  },
});
