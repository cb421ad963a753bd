import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { startAzureKeyVaultEmulator } from '@dual-auth/testing/emulators';
import { azureSecretName } from './azure-secret-name.js';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

const FAILURES = { 'access-denied': 'forbidden', throttled: 'throttled' } as const;

// The emulator's `credential` is a real TokenCredential (getToken) that hands out the emulator's
// test token instead of asking Entra ID, which cannot be reached from here.
runSecretsBackendConformance({
  name: 'azure',
  settings: ['DUAL_AUTH_AZURE_VAULT_URL', 'DUAL_AUTH_AZURE_SECRET_PREFIX'],
  credentials: ['emulator-'],
  start: async () => {
    const vault = await startAzureKeyVaultEmulator();
    const env = {
      DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl,
      DUAL_AUTH_AZURE_SECRET_PREFIX: 'dual-auth-',
    };
    return {
      store: {
        setSecret: (key, value) => vault.setSecret(azureSecretName(key, 'dual-auth-'), value),
        failNext: (failure, times) => vault.failNext(FAILURES[failure], times),
        reads: () => vault.requests.filter((r) => r.authorization !== undefined).length,
        close: () => vault.close(),
      },
      env,
      createBackend: (options) =>
        new AzureSecretsBackend({
          env,
          credential: vault.credential,
          clientOptions: vault.clientOptions,
          ...options,
        }),
    };
  },
});
