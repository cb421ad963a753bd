export { createSecretsBackend } from './create-secrets-backend.js';
export type { VaultAuthMethod } from './vault-auth.js';
export { type VaultSecretPath, vaultSecretPath } from './vault-secret-path.js';
export type { VaultSecretsBackendOptions } from './vault-secrets-backend.js';
export { VaultSecretsBackend } from './vault-secrets-backend.js';
