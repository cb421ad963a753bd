export { awsSecretName } from './aws-secret-name.js';
export type { AwsSecretsBackendOptions } from './aws-secrets-backend.js';
export { AwsSecretsBackend } from './aws-secrets-backend.js';
export { createSecretsBackend } from './create-secrets-backend.js';
