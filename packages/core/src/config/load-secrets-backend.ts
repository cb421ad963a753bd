import { checkLogger } from '../adapter-kit/check-logger.js';
import type { Logger } from '../contracts/logger.js';
import type { EnvRecord, PluginOptions } from '../contracts/plugin-modules.js';
import type { SecretsBackend } from '../contracts/secrets-backend.js';
import type { SecretsBackendType } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { noopLogger } from '../logging/noop-logger.js';
import {
  checkOptionalFunction,
  checkOptionalObject,
  checkOptionalString,
} from './check-options.js';
import { createEnvSecretsBackend } from './env-secrets-backend.js';
import { getSecretsBackendType, parseSecretsBackendType } from './get-secrets-backend-type.js';
import type { ImportModule } from './import-plugin.js';
import { importPlugin } from './import-plugin.js';
import { readEnv } from './read-env.js';

/**
 * Options of {@link loadSecretsBackend}. Besides these, any option the backend package takes
 * (`region`, `vaultAddr`, …) is passed on to its `createSecretsBackend`.
 */
export interface LoadSecretsBackendOptions extends PluginOptions {
  /** Replaces `import()` for loading `@dual-auth/secrets-<type>` (tests, bundled apps). */
  importModule?: ImportModule | undefined;
  [option: string]: unknown;
}

/**
 * Makes the secrets backend of `type` (`env`, `aws`, `gcp`, `azure`, `vault`, or the aliases
 * `environment` and `hashicorp`; default `DUAL_AUTH_SECRETS_BACKEND`, else `env`).
 * `env` is built in; the others are loaded at run time from `@dual-auth/secrets-<type>`, which must
 * be installed and implement the `v1` contract.
 *
 * Env: `DUAL_AUTH_SECRETS_BACKEND`, and whatever the backend package reads.
 *
 * @throws ConfigurationError for an unknown type, a package that is not installed (with
 * `packageName`), or one built for another contract version.
 * @throws SecretsBackendError when the backend cannot start (missing region, vault URL, …).
 * @example
 * const backend = await loadSecretsBackend('aws', { region: 'eu-west-1' });
 * const secret = await backend.getSecret('AGENT_CLIENT_SECRET');
 */
export async function loadSecretsBackend(
  type?: SecretsBackendType | 'environment' | 'hashicorp' | (string & {}),
  options: LoadSecretsBackendOptions = {},
): Promise<SecretsBackend> {
  checkOptionalString(type, 'type');
  checkOptionalObject(options, 'options');
  checkOptionalObject(options.env, 'options.env');
  checkLogger(options.logger, 'options.logger');
  checkOptionalFunction(options.importModule, 'options.importModule');
  const env: EnvRecord = options.env ?? readEnv();
  const logger: Logger = options.logger ?? noopLogger;
  const resolved =
    parseSecretsBackendType(type, 'secretsBackend') ?? getSecretsBackendType({ env });
  logger.info('secrets_backend_init', { backend_type: resolved });
  if (resolved === 'env') return createEnvSecretsBackend({ env });

  const packageName = `@dual-auth/secrets-${resolved}`;
  const { importModule, ...pluginOptions } = options;
  const plugin = await importPlugin(packageName, {
    requestedBy: `DUAL_AUTH_SECRETS_BACKEND=${resolved}`,
    variable: 'DUAL_AUTH_SECRETS_BACKEND',
    importModule,
  });
  if (typeof plugin.createSecretsBackend !== 'function') {
    throw new ConfigurationError({
      message: `${packageName} has no createSecretsBackend export: install a version made for this @dual-auth/core`,
      variable: 'DUAL_AUTH_SECRETS_BACKEND',
      packageName,
    });
  }
  let backend: unknown;
  try {
    backend = await plugin.createSecretsBackend({ ...pluginOptions, env, logger });
  } catch (error) {
    if (DualAuthError.isInstance(error)) throw error;
    throw new SecretsBackendError({
      message: `Failed to initialize ${resolved} secrets backend: ${error instanceof Error ? error.name : typeof error}`,
      backend: resolved,
      cause: error,
    });
  }
  return checkBackend(backend, packageName);
}

function checkBackend(backend: unknown, packageName: string): SecretsBackend {
  const candidate = backend as Partial<SecretsBackend> | null;
  const version =
    typeof candidate === 'object' && candidate !== null
      ? candidate.specificationVersion
      : undefined;
  if (version !== 'v1' || typeof candidate?.getSecret !== 'function') {
    throw new ConfigurationError({
      message: `${packageName} implements secrets backend contract ${String(version)}, this @dual-auth/core needs v1: install matching versions`,
      variable: 'DUAL_AUTH_SECRETS_BACKEND',
      packageName,
    });
  }
  return candidate as SecretsBackend;
}
