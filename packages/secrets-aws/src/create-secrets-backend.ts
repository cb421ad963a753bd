import { AwsSecretsBackend, type AwsSecretsBackendOptions } from './aws-secrets-backend.js';

/**
 * The factory core's loader calls for `DUAL_AUTH_SECRETS_BACKEND=aws`
 * (`getConfig({ secretsBackend: 'aws' })`); the same as `new AwsSecretsBackend(options)`.
 *
 * @example
 * ```ts
 * import { createSecretsBackend } from '@dual-auth/secrets-aws';
 *
 * const backend = createSecretsBackend({ region: 'eu-west-1', cacheTtlMs: 60_000 });
 * ```
 */
export function createSecretsBackend(options: AwsSecretsBackendOptions = {}): AwsSecretsBackend {
  return new AwsSecretsBackend(options);
}
