import { FileSecretsBackend, type FileSecretsBackendOptions } from './file-secrets-backend.js';

/**
 * The factory core's loader calls for `DUAL_AUTH_SECRETS_BACKEND=file`
 * (`getConfig({ secretsBackend: 'file' })`); the same as `new FileSecretsBackend(options)`.
 *
 * @example
 * const backend = createSecretsBackend({ directory: '/run/secrets', cacheTtlMs: 60_000 });
 */
export function createSecretsBackend(options: FileSecretsBackendOptions = {}): FileSecretsBackend {
  return new FileSecretsBackend(options);
}
