import { type SecretsBackendPlugin, SPECIFICATION_VERSION } from '@dual-auth/core';
import { createSecretsBackend } from './create-secrets-backend.js';
import type { FileSecretsBackendOptions } from './file-secrets-backend.js';

/**
 * The file secrets backend for the `plugins` option of `getConfig` (bundled apps); loaded by name,
 * core uses `createSecretsBackend`.
 *
 * @example
 * const config = await getConfig({ secretsBackend: 'file', plugins: [fileSecretsPlugin, keycloakPlugin] });
 */
export const fileSecretsPlugin: SecretsBackendPlugin<FileSecretsBackendOptions> = {
  kind: 'secrets-backend',
  specificationVersion: SPECIFICATION_VERSION,
  type: 'file',
  createSecretsBackend,
};
