export { azureSecretName } from './azure-secret-name.js';
export {
  AzureSecretsBackend,
  type AzureSecretsBackendOptions,
  createSecretsBackend,
} from './azure-secrets-backend.js';
