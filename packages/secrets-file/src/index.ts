export { createSecretsBackend } from './create-secrets-backend.js';
export type { FileSecretsBackendOptions, ReadSecretFile } from './file-secrets-backend.js';
export { DEFAULT_SECRETS_DIR, FileSecretsBackend } from './file-secrets-backend.js';
export { fileSecretsPlugin } from './file-secrets-plugin.js';
