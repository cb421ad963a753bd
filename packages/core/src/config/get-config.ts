import type { ConfigOf, DualAuthConfig } from '../contracts/config.js';
import type { Logger } from '../contracts/logger.js';
import type { ConfigOfPlugins, DualAuthPlugin, EnvRecord } from '../contracts/plugin-modules.js';
import type { SecretsBackend } from '../contracts/secrets-backend.js';
import type { RegisteredVendor, SecretsBackendType, Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { withheldCause } from '../errors/withheld-cause.js';
import { loggerOrDefault } from '../logging/default-logger.js';
import { buildVendorConfig } from './build-vendor-config.js';
import { checkOption, ownOption, ownOptions } from './check-option.js';
import { type CollectedPlugins, collectPlugins } from './collect-plugins.js';
import { envVariable } from './env-variable.js';
import { defaultVendor, parseVendor } from './get-vendor.js';
import type { ImportModule } from './import-plugin.js';
import { openSecretsBackend } from './load-secrets-backend.js';
import { readConfigSettings } from './read-config-settings.js';
import { readEnv } from './read-env.js';
import { refuseInheritedOptions } from './refuse-inherited-options.js';
import { refusePositionalArguments } from './refuse-positional-arguments.js';
import type { KnownOptions } from './refuse-unknown-options.js';
import { resolveAdapterPlugin } from './resolve-adapter-plugin.js';
import { warnIgnoredSettings } from './warn-ignored-settings.js';

/** Options of {@link getConfig}. */
export interface GetConfigOptions {
  /** The IdP; wins over `DUAL_AUTH_VENDOR`. Trimmed and lowercased like the variable. */
  vendor?: Vendor | undefined;
  /** Where secrets come from; wins over `DUAL_AUTH_SECRETS_BACKEND`. Ignored when `backend` is set. */
  secretsBackend?: SecretsBackendType | 'environment' | 'hashicorp' | undefined;
  /** A ready secrets backend instance; wins over `secretsBackend`. */
  backend?: SecretsBackend | undefined;
  /** Options for the `@dual-auth/secrets-<type>` package loaded by name (`region`, …). */
  backendOptions?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Adapter and secrets backend plugins to use instead of loading packages by name (bundled apps,
   * tests). With adapters here, the vendor must be one of them, and the first one is the default.
   */
  plugins?: readonly DualAuthPlugin[] | undefined;
  /** Environment to read. Default: {@link readEnv} at call time. */
  env?: EnvRecord | undefined;
  /** Default: no logging. */
  logger?: Logger | undefined;
  /** Replaces `import()` for loading a plugin package by name. */
  importModule?: ImportModule | undefined;
  /** Accept an `http:` token URL on a loopback host (a local test IdP). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  /** Cancels reading the secrets. */
  signal?: AbortSignal | undefined;
}

/**
 * Loads the configuration of one IdP from the secrets backend (the Python `get_config`).
 *
 * The vendor is, in order: `options.vendor`, the `DUAL_AUTH_VENDOR` environment variable,
 * `DUAL_AUTH_VENDOR` in the secret store (reference compatibility, only when the environment has
 * none), else the first adapter in `plugins`. Its adapter plugin (from `plugins`, else loaded from
 * `@dual-auth/adapter-<vendor>`) says which settings to read and in which order; each vendor's are
 * listed in `docs/wire-format.md#vendors`. Token URLs must be HTTPS. The result is frozen and
 * redacts its secrets in every string form. Nothing is cached: each call reads every secret again.
 *
 * With the vendor's adapter imported, the result is typed by vendor: see {@link ConfigOf} and
 * `assertVendor`. Without `vendor`, `plugins` types it: `getConfig({ plugins: [keycloakPlugin] })`
 * is a `KeycloakConfig`, as the vendor must be one of the adapters given ({@link ConfigOfPlugins}).
 * To keep the union of every vendor (0.x code that switches over vendors not among the plugins, or
 * assigns `getConfig()` to the same variable), annotate the plugins
 * `const plugins: readonly DualAuthPlugin[] = [keycloakPlugin]`, or the function that reads the
 * config `: Promise<DualAuthConfig>` (docs/upgrading.md).
 *
 * Env: `DUAL_AUTH_VENDOR`, `DUAL_AUTH_SECRETS_BACKEND`, the vendor's variables (with the `env`
 * backend) and the backend package's own variables. A variable the vendor's plugin lists as ignored
 * (`ignoredSettings`: `API_AUDIENCE` with Keycloak) logs `config_setting_ignored` when set.
 *
 * @throws TypeError for options of the wrong type, or one inherited from a prototype of their own.
 * @throws ConfigurationError naming the variable at fault (missing package: `packageName`).
 * @throws SecretsBackendError naming the backend and key, never the value.
 * @example
 * import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
 * const config = await getConfig({ plugins: [keycloakPlugin] }); // or DUAL_AUTH_VENDOR=keycloak
 * `${config}`; // DualAuthConfig(vendor=keycloak, …, clientSecret=***REDACTED***, …)
 */
export async function getConfig<V extends RegisteredVendor>(
  options: GetConfigOptions & { vendor: V },
): Promise<ConfigOf<V>>;
export async function getConfig<const P extends readonly DualAuthPlugin[]>(
  options: GetConfigOptions & { vendor?: undefined; plugins: P },
): Promise<ConfigOfPlugins<P>>;
export async function getConfig(options?: GetConfigOptions): Promise<DualAuthConfig>;
export async function getConfig(given: GetConfigOptions = {}): Promise<DualAuthConfig> {
  // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
  const plugins = checkGetConfigOptions(given, arguments);
  // Own properties only: an inherited `backend` or `importModule` would choose the secrets.
  const options = ownOptions(given);
  const env = options.env ?? readEnv();
  const logger = loggerOrDefault(options.logger);
  const { signal } = options;
  const explicitVendor = parseVendor(options.vendor, 'vendor', plugins);
  try {
    const backend =
      options.backend ??
      (await openSecretsBackend(options.secretsBackend, {
        env,
        logger,
        plugins,
        importModule: options.importModule,
        pluginOptions: withoutLoadOptions(options.backendOptions),
      }));
    const vendor =
      explicitVendor ??
      parseVendor(envVariable(env, 'DUAL_AUTH_VENDOR'), 'DUAL_AUTH_VENDOR', plugins) ??
      (await vendorFromStore(backend, signal, plugins)) ??
      defaultVendor(plugins);
    const plugin = await resolveAdapterPlugin(vendor, {
      plugins,
      importModule: options.importModule,
    });
    const values = await readConfigSettings(plugin.settings, backend, signal, env);
    const config = buildVendorConfig(plugin, values, {
      allowInsecureLoopback: options.allowInsecureLoopback,
      logger,
    });
    warnIgnoredSettings(plugin, env, logger);
    logger.info('config_loaded', { vendor, backend: backend.backendName });
    return config as DualAuthConfig;
  } catch (error) {
    if (DualAuthError.isInstance(error)) throw error;
    if (signal?.aborted === true && error === signal.reason) throw error;
    const errorType = errorClassOf(error);
    logger.error('config_load_error', { error_type: errorType });
    throw new ConfigurationError({
      message: `Unexpected error: ${errorType}`,
      cause: withheldCause(error),
    });
  }
}

/** `backendOptions` as the backend package gets them: without the names `loadSecretsBackend` reads itself. */
function withoutLoadOptions(
  backendOptions: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> {
  const { importModule: _importModule, plugins: _plugins, ...pluginOptions } = backendOptions ?? {};
  return pluginOptions;
}

/** The reference looks `DUAL_AUTH_VENDOR` up in the store and ignores the store's errors. */
async function vendorFromStore(
  backend: SecretsBackend,
  signal: AbortSignal | undefined,
  plugins: CollectedPlugins,
): Promise<Vendor | undefined> {
  let value: string | undefined;
  try {
    value = await backend.getSecret('DUAL_AUTH_VENDOR', {
      required: false,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (SecretsBackendError.isInstance(error)) return undefined;
    throw error;
  }
  return parseVendor(value, 'DUAL_AUTH_VENDOR', plugins);
}

const GET_CONFIG_OPTIONS = {
  vendor: true,
  secretsBackend: true,
  backend: true,
  backendOptions: true,
  plugins: true,
  env: true,
  logger: true,
  importModule: true,
  allowInsecureLoopback: true,
  signal: true,
} as const satisfies KnownOptions<GetConfigOptions>;

function checkGetConfigOptions(
  options: GetConfigOptions,
  args: ArrayLike<unknown>,
): CollectedPlugins {
  // Python's `get_config(vendor, secrets_backend)`; the value is not echoed (it may be anything).
  refusePositionalArguments(args, {
    call: 'getConfig',
    example: '{ vendor, secretsBackend, plugins }',
    note: "e.g. getConfig({ secretsBackend: 'aws', plugins: [adapterPlugin] }) for AWS Secrets Manager (install @dual-auth/secrets-aws)",
  });
  refuseInheritedOptions(options, GET_CONFIG_OPTIONS, 'getConfig');
  checkOption(options, 'vendor', 'string');
  checkOption(options, 'secretsBackend', 'string');
  checkOption(options, 'env', 'object');
  checkOption(options, 'backendOptions', 'object');
  checkOption(options, 'logger', 'logger');
  checkOption(options, 'importModule', 'function');
  checkOption(options, 'allowInsecureLoopback', 'boolean');
  checkOption(options, 'signal', 'signal');
  const backend = checkOption<SecretsBackend>(options, 'backend', 'object');
  if (
    backend !== undefined &&
    (typeof backend.getSecret !== 'function' || backend.specificationVersion !== 'v1')
  ) {
    throw new TypeError(
      'options.backend must be a v1 SecretsBackend (specificationVersion, getSecret)',
    );
  }
  return collectPlugins(ownOption(options, 'plugins'));
}
