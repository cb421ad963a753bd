import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { GetSecretOptions, SecretsBackend } from '../contracts/secrets-backend.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { checkOptionalObject } from './check-options.js';
import { readEnv } from './read-env.js';

/** Options of {@link createEnvSecretsBackend}. */
export interface EnvSecretsBackendOptions {
  /** Where the secrets are. Default: {@link readEnv} when the backend is created. */
  env?: EnvRecord | undefined;
}

/**
 * The built-in `env` backend (`DUAL_AUTH_SECRETS_BACKEND=env`, the default): each key is an
 * environment variable of the same name. Values are trimmed; an empty value counts as missing.
 *
 * @example
 * const backend = createEnvSecretsBackend({ env: { AGENT_CLIENT_ID: 'finance-agent' } });
 * await backend.getSecret('AGENT_CLIENT_ID'); // 'finance-agent'
 * await backend.getSecret('API_AUDIENCE', { required: false }); // undefined
 */
export function createEnvSecretsBackend(options: EnvSecretsBackendOptions = {}): SecretsBackend {
  checkOptionalObject(options, 'options');
  checkOptionalObject(options.env, 'options.env');
  const env = options.env ?? readEnv();

  async function getSecret(key: string, getOptions?: GetSecretOptions): Promise<string>;
  async function getSecret(key: string, getOptions: GetSecretOptions): Promise<string | undefined>;
  async function getSecret(key: string, getOptions: GetSecretOptions = {}) {
    if (typeof key !== 'string' || key === '') {
      throw new TypeError('key must be a non-empty string');
    }
    getOptions.signal?.throwIfAborted();
    const value = env[key]?.trim() ?? '';
    if (value !== '') return value;
    if (getOptions.required === false) return undefined;
    throw new SecretsBackendError({
      message: `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
      backend: 'environment',
      key,
    });
  }

  return Object.freeze({
    specificationVersion: 'v1',
    backendName: 'environment',
    getSecret,
  });
}
