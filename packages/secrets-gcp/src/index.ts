export { gcpSecretId } from './gcp-secret-name.js';
export {
  createSecretsBackend,
  type GcpCallOptions,
  type GcpClientOptions,
  GcpSecretsBackend,
  type GcpSecretsBackendOptions,
} from './gcp-secrets-backend.js';
