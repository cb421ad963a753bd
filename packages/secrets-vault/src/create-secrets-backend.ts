import { VaultSecretsBackend, type VaultSecretsBackendOptions } from './vault-secrets-backend.js';

/**
 * The factory core's loader calls for `DUAL_AUTH_SECRETS_BACKEND=vault` (or `hashicorp`,
 * `getConfig({ secretsBackend: 'vault' })`); the same as `new VaultSecretsBackend(options)`.
 *
 * @example
 * ```ts
 * import { createSecretsBackend } from '@dual-auth/secrets-vault';
 *
 * const backend = createSecretsBackend({ address: 'https://vault.internal:8200', mount: 'kv' });
 * ```
 */
export function createSecretsBackend(
  options: VaultSecretsBackendOptions = {},
): VaultSecretsBackend {
  return new VaultSecretsBackend(options);
}
