import type { Logger } from '../contracts/logger.js';
import type {
  DualAuthPlugin,
  EnvRecord,
  PluginOptions,
  SecretsBackendPlugin,
} from '../contracts/plugin-modules.js';
import type { SecretsBackend } from '../contracts/secrets-backend.js';
import type { SecretsBackendType } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { defaultLogger } from '../logging/default-logger.js';
import { checkOption, checkValue, ownOptions } from './check-option.js';
import { type CollectedPlugins, collectPlugins } from './collect-plugins.js';
import { createEnvSecretsBackend } from './env-secrets-backend.js';
import { FIRST_PARTY_SECRETS_BACKENDS } from './first-party-secrets-backends.js';
import { parseSecretsBackendType, secretsBackendTypeOf } from './get-secrets-backend-type.js';
import type { ImportModule } from './import-plugin.js';
import { importPlugin } from './import-plugin.js';
import { notFirstPartyMessage } from './not-first-party-message.js';
import { readEnv } from './read-env.js';

/**
 * Options of {@link loadSecretsBackend}. Besides these, any option the backend package takes
 * (`region`, `vaultAddr`, …) is passed on to its `createSecretsBackend`.
 */
export interface LoadSecretsBackendOptions extends PluginOptions {
  /** Replaces `import()` for loading `@dual-auth/secrets-<type>` (tests, bundled apps). */
  importModule?: ImportModule | undefined;
  /** Secrets backend plugins to use instead of loading packages by name (bundled apps, tests). */
  plugins?: readonly DualAuthPlugin[] | undefined;
  [option: string]: unknown;
}

/**
 * Makes the secrets backend of `type` (`env`, the `<type>` of a `@dual-auth/secrets-<type>`
 * package, or the reference's aliases `environment` and `hashicorp`; default
 * `DUAL_AUTH_SECRETS_BACKEND`, else `env`). `env` is built in; the others come from `plugins`, or
 * are loaded at run time from `@dual-auth/secrets-<type>`, which must be installed and implement
 * the `v1` contract.
 *
 * Env: `DUAL_AUTH_SECRETS_BACKEND`, and whatever the backend package reads.
 *
 * @throws ConfigurationError for a name that is no backend, a package that is not installed (with
 * `packageName`), or one built for another contract version.
 * @throws SecretsBackendError when the backend cannot start (missing region, vault URL, …).
 * @example
 * const backend = await loadSecretsBackend('aws', { region: 'eu-west-1' });
 * const secret = await backend.getSecret('AGENT_CLIENT_SECRET');
 */
export async function loadSecretsBackend(
  type?: SecretsBackendType | 'environment' | 'hashicorp',
  given: LoadSecretsBackendOptions = {},
): Promise<SecretsBackend> {
  checkValue(type, 'type', 'string');
  // Own properties only: an inherited `importModule` would load the backend.
  const options = ownOptions(given);
  checkOption(options, 'env', 'object');
  checkOption(options, 'logger', 'logger');
  checkOption(options, 'importModule', 'function');
  const { importModule, plugins, ...pluginOptions } = options;
  return openSecretsBackend(type, {
    env: options.env ?? readEnv(),
    logger: options.logger ?? defaultLogger,
    plugins: collectPlugins(plugins),
    importModule,
    pluginOptions,
  });
}

/** What {@link openSecretsBackend} takes: options checked, plugins sorted, defaults applied. */
export interface OpenSecretsBackendContext {
  readonly env: EnvRecord;
  readonly logger: Logger;
  readonly plugins: CollectedPlugins;
  readonly importModule: ImportModule | undefined;
  /** What the backend package's `createSecretsBackend` gets besides `env` and `logger`. */
  readonly pluginOptions: Readonly<Record<string, unknown>>;
}

/**
 * {@link loadSecretsBackend} once its options are checked: `getConfig` has checked them already
 * and sorted its plugins, so it comes here straight.
 *
 * @throws as {@link loadSecretsBackend}.
 */
export async function openSecretsBackend(
  type: string | undefined,
  context: OpenSecretsBackendContext,
): Promise<SecretsBackend> {
  const { env, logger, plugins } = context;
  const resolved =
    parseSecretsBackendType(type, 'secretsBackend', plugins) ?? secretsBackendTypeOf(env, plugins);
  logger.info('secrets_backend_init', { backend_type: resolved });
  if (resolved === 'env') return createEnvSecretsBackend({ env });

  const packageName = `@dual-auth/secrets-${resolved}`;
  const create = await backendFactory(resolved, plugins, context.importModule);
  let backend: unknown;
  try {
    backend = await create({ ...context.pluginOptions, env, logger });
  } catch (error) {
    if (DualAuthError.isInstance(error)) throw error;
    throw new SecretsBackendError({
      message: `Failed to initialize ${resolved} secrets backend: ${errorClassOf(error)}`,
      backend: resolved,
      cause: error,
    });
  }
  return checkBackend(backend, packageName);
}

/** The `createSecretsBackend` of the plugin passed for `type`, else of the package loaded by name. */
async function backendFactory(
  type: string,
  plugins: CollectedPlugins,
  importModule: ImportModule | undefined,
): Promise<SecretsBackendPlugin['createSecretsBackend']> {
  const given = plugins.stores.find((plugin) => plugin.type === type);
  if (given !== undefined) return (options) => given.createSecretsBackend(options);
  const packageName = `@dual-auth/secrets-${type}`;
  const plugin = await importPlugin(packageName, {
    requestedBy: `DUAL_AUTH_SECRETS_BACKEND=${type}`,
    variable: 'DUAL_AUTH_SECRETS_BACKEND',
    missingMessage: FIRST_PARTY_SECRETS_BACKENDS.includes(type)
      ? undefined
      : notFirstPartyMessage(
          'DUAL_AUTH_SECRETS_BACKEND',
          type,
          'secrets backend',
          'secrets backend',
          FIRST_PARTY_SECRETS_BACKENDS,
          packageName,
          'getConfig/loadSecretsBackend',
        ),
    importModule,
  });
  const { createSecretsBackend } = plugin;
  if (typeof createSecretsBackend !== 'function') {
    throw new ConfigurationError({
      message: `${packageName} has no createSecretsBackend export: install a version made for this @dual-auth/core`,
      variable: 'DUAL_AUTH_SECRETS_BACKEND',
      packageName,
    });
  }
  return (options) => createSecretsBackend.call(plugin, options);
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
