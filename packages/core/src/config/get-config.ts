import { checkLogger } from '../adapter-kit/check-logger.js';
import type { ConfigOf, DualAuthConfig } from '../contracts/config.js';
import type { Logger } from '../contracts/logger.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { SecretsBackend } from '../contracts/secrets-backend.js';
import type { SecretsBackendType, Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { noopLogger } from '../logging/noop-logger.js';
import { buildVendorConfig } from './build-vendor-config.js';
import {
  checkOptionalBoolean,
  checkOptionalFunction,
  checkOptionalObject,
  checkOptionalString,
} from './check-options.js';
import { parseVendor } from './get-vendor.js';
import type { ImportModule } from './import-plugin.js';
import { loadSecretsBackend } from './load-secrets-backend.js';
import { readEnv } from './read-env.js';
import { readVendorSecrets } from './read-vendor-secrets.js';

/** Options of {@link getConfig}. */
export interface GetConfigOptions {
  /** The IdP; wins over `DUAL_AUTH_VENDOR`. Trimmed and lowercased like the variable. */
  vendor?: Vendor | (string & {}) | undefined;
  /** Where secrets come from; wins over `DUAL_AUTH_SECRETS_BACKEND`. Ignored when `backend` is set. */
  secretsBackend?: SecretsBackendType | 'environment' | 'hashicorp' | (string & {}) | undefined;
  /** A ready secrets backend instance; wins over `secretsBackend`. */
  backend?: SecretsBackend | undefined;
  /** Options for the `@dual-auth/secrets-<type>` package loaded by name (`region`, …). */
  backendOptions?: Readonly<Record<string, unknown>> | undefined;
  /** Environment to read. Default: {@link readEnv} at call time. */
  env?: EnvRecord | undefined;
  /** Default: no logging. */
  logger?: Logger | undefined;
  /** Replaces `import()` for loading a secrets backend package by name. */
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
 * none), else `keycloak`. Each vendor's variables are all required:
 *
 * - keycloak: `KEYCLOAK_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`
 *   (`audience` is the token URL cut at its last `/protocol/`)
 * - auth0: `AUTH0_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`, `API_AUDIENCE`
 * - okta: `OKTA_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`, `API_AUDIENCE`
 * - entraid: `APP_PRIVATE_KEY` (PEM) or `APP_PRIVATE_KEY_PATH` (file, read by
 *   `@dual-auth/core/node`), `API_SCOPE`, `ENTRAID_TOKEN_URL`, `AGENT_CLIENT_ID`,
 *   `AGENT_CLIENT_SECRET`, `APP_ID`, `API_AUDIENCE`
 *
 * The token URL must be HTTPS. The result is frozen and redacts `clientSecret` and `appPrivateKey`
 * in every string form. Nothing is cached: each call reads every secret again.
 *
 * Env: `DUAL_AUTH_VENDOR`, `DUAL_AUTH_SECRETS_BACKEND`, the vendor's variables above (with the
 * `env` backend) and the backend package's own variables.
 *
 * @throws TypeError for options of the wrong type.
 * @throws ConfigurationError naming the variable at fault (missing package: `packageName`).
 * @throws SecretsBackendError naming the backend and key, never the value.
 * @example
 * const config = await getConfig({ vendor: 'keycloak' });
 * config.tokenUrl; // https://kc.example/realms/agents/protocol/openid-connect/token
 * `${config}`; // DualAuthConfig(vendor=keycloak, …, clientSecret=***REDACTED***, …)
 */
export async function getConfig<V extends Vendor>(
  options: GetConfigOptions & { vendor: V },
): Promise<ConfigOf<V>>;
export async function getConfig(options?: GetConfigOptions): Promise<DualAuthConfig>;
export async function getConfig(options: GetConfigOptions = {}): Promise<DualAuthConfig> {
  checkGetConfigOptions(options);
  const env = options.env ?? readEnv();
  const logger = options.logger ?? noopLogger;
  const { signal } = options;
  const explicitVendor = parseVendor(options.vendor, 'vendor');
  try {
    const backend =
      options.backend ??
      (await loadSecretsBackend(options.secretsBackend, {
        ...options.backendOptions,
        env,
        logger,
        importModule: options.importModule,
      }));
    const vendor =
      explicitVendor ??
      parseVendor(env.DUAL_AUTH_VENDOR, 'DUAL_AUTH_VENDOR') ??
      (await vendorFromStore(backend, signal)) ??
      'keycloak';
    const secrets = await readVendorSecrets(vendor, backend, signal);
    const config = buildVendorConfig(vendor, secrets, {
      allowInsecureLoopback: options.allowInsecureLoopback,
      logger,
    });
    logger.info('config_loaded', { vendor, backend: backend.backendName });
    return config;
  } catch (error) {
    if (DualAuthError.isInstance(error)) throw error;
    if (signal?.aborted === true && error === signal.reason) throw error;
    const errorType = error instanceof Error ? error.name : typeof error;
    logger.error('config_load_error', { error_type: errorType });
    throw new ConfigurationError({ message: `Unexpected error: ${errorType}`, cause: error });
  }
}

/** The reference looks `DUAL_AUTH_VENDOR` up in the store and ignores the store's errors. */
async function vendorFromStore(
  backend: SecretsBackend,
  signal: AbortSignal | undefined,
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
  return parseVendor(value, 'DUAL_AUTH_VENDOR');
}

function checkGetConfigOptions(options: GetConfigOptions): void {
  checkOptionalObject(options, 'options');
  checkOptionalString(options.vendor, 'options.vendor');
  checkOptionalString(options.secretsBackend, 'options.secretsBackend');
  checkOptionalObject(options.env, 'options.env');
  checkOptionalObject(options.backendOptions, 'options.backendOptions');
  checkLogger(options.logger, 'options.logger');
  checkOptionalFunction(options.importModule, 'options.importModule');
  checkOptionalBoolean(options.allowInsecureLoopback, 'options.allowInsecureLoopback');
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError('options.signal must be an AbortSignal');
  }
  const { backend } = options;
  if (
    backend !== undefined &&
    (typeof backend !== 'object' ||
      backend === null ||
      typeof backend.getSecret !== 'function' ||
      backend.specificationVersion !== 'v1')
  ) {
    throw new TypeError(
      'options.backend must be a v1 SecretsBackend (specificationVersion, getSecret)',
    );
  }
}
