import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { startAwsSecretsManagerEmulator } from '@dual-auth/testing/emulators';
import { awsSecretName } from './aws-secret-name.js';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

const env = { DUAL_AUTH_AWS_REGION: 'us-east-1', DUAL_AUTH_AWS_SECRET_PREFIX: 'dual-auth/' };

runSecretsBackendConformance({
  name: 'aws',
  settings: Object.keys(env),
  credentials: ['test-only-secret-key'],
  start: async () => {
    const aws = await startAwsSecretsManagerEmulator();
    return {
      store: {
        setSecret: (key, value) => aws.setSecret(awsSecretName(key, 'dual-auth/'), value),
        failNext: (failure, times) =>
          aws.failNext(failure === 'throttled' ? 'throttling' : failure, times),
        reads: () => aws.requests.length,
        close: () => aws.close(),
      },
      env,
      createBackend: (options) =>
        new AwsSecretsBackend({
          endpoint: aws.endpoint,
          caPem: aws.caPem,
          credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' },
          maxAttempts: 1,
          env,
          ...options,
        }),
    };
  },
});
