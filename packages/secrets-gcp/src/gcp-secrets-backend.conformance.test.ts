import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { startGcpSecretManagerEmulator } from '@dual-auth/testing/emulators';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { gcpSecretId } from './gcp-secret-name.js';
import { GcpSecretsBackend } from './gcp-secrets-backend.js';

const FAILURES = { 'access-denied': 'permission-denied', throttled: 'resource-exhausted' } as const;

runSecretsBackendConformance({
  name: 'gcp',
  settings: ['DUAL_AUTH_GCP_PROJECT', 'DUAL_AUTH_GCP_SECRET_PREFIX'],
  credentials: ['ya29.emulator-'],
  start: async () => {
    const gcp = await startGcpSecretManagerEmulator();
    // One SDK client per store: each new one makes google-auth-library print a deprecation notice.
    const client = new SecretManagerServiceClient(gcp.clientOptions);
    const env = { DUAL_AUTH_GCP_PROJECT: gcp.projectId, DUAL_AUTH_GCP_SECRET_PREFIX: 'dual-auth-' };
    return {
      store: {
        setSecret: (key, value) => gcp.setSecret(gcpSecretId(key, 'dual-auth-'), value),
        failNext: (failure, times) => gcp.failNext(FAILURES[failure], times),
        reads: () => gcp.requests.filter((r) => r.rpc === 'AccessSecretVersion').length,
        close: async () => {
          await client.close();
          await gcp.close();
        },
      },
      env,
      createBackend: (options) =>
        new GcpSecretsBackend({
          env,
          client,
          ...options,
        }),
    };
  },
});
