import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { startAzureKeyVaultEmulator } from '@dual-auth/testing/emulators';
import { azureSecretName } from './azure-secret-name.js';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

const FAILURES = { 'access-denied': 'forbidden', throttled: 'throttled' } as const;

// The emulator's `credential` is a real TokenCredential (getToken) that hands out the emulator's
// test token instead of asking Entra ID, which cannot be reached from here.
runSecretsBackendConformance({
  name: 'azure',
  credentials: ['emulator-'],
  start: async () => {
    const vault = await startAzureKeyVaultEmulator();
    return {
      store: {
        setSecret: (key, value) => vault.setSecret(azureSecretName(key, 'dual-auth-'), value),
        failNext: (failure, times) => vault.failNext(FAILURES[failure], times),
        reads: () => vault.requests.filter((r) => r.authorization !== undefined).length,
        close: () => vault.close(),
      },
      createBackend: (options) =>
        new AzureSecretsBackend({
          env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
          credential: vault.credential,
          clientOptions: vault.clientOptions,
          ...options,
        }),
    };
  },
});
