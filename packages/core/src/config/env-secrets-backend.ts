import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { GetSecretOptions, SecretsBackend } from '../contracts/secrets-backend.js';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { checkGetSecretArgs } from '../secrets-kit/check-get-secret-args.js';
import { parseJsonSecret } from '../secrets-kit/parse-json-secret.js';
import { checkOption } from './check-option.js';
import { envVariable } from './env-variable.js';
import { isWorkersProcessEnv, readEnv } from './read-env.js';

/** Options of {@link createEnvSecretsBackend}. */
export interface EnvSecretsBackendOptions {
  /** Where the secrets are. Default: {@link readEnv} when the backend is created. */
  env?: EnvRecord | undefined;
}

// For a missing variable read from process.env on Cloudflare Workers (isWorkersProcessEnv).
const WORKERS_HINT =
  " (on Cloudflare Workers, pass the Worker's env: createAdapter(undefined, { env, plugins }))";

/**
 * The built-in `env` backend (`DUAL_AUTH_SECRETS_BACKEND=env`, the default): each key is an
 * environment variable of the same name. Values are trimmed (a byte-order mark is kept, for
 * getConfig to refuse); an empty value counts as missing. A missing one is a
 * `SecretsBackendError` saying how to set it; on Cloudflare Workers, when `env` is the process
 * environment (`readEnv()`), also that the Worker's variables are in its `env` argument.
 *
 * @example
 * const backend = createEnvSecretsBackend({ env: { AGENT_CLIENT_ID: 'finance-agent' } });
 * await backend.getSecret('AGENT_CLIENT_ID'); // 'finance-agent'
 * await backend.getSecret('API_AUDIENCE', { required: false }); // undefined
 * await backend.getJsonSecret('APP_SETTINGS'); // { … } from APP_SETTINGS='{"…": …}'
 */
export function createEnvSecretsBackend(options: EnvSecretsBackendOptions = {}): SecretsBackend {
  const env = checkOption(options, 'env', 'object') ?? readEnv();
  const hint = isWorkersProcessEnv(env as EnvRecord) ? WORKERS_HINT : '';
  const read = (key: string, getOptions: GetSecretOptions | undefined): string | undefined => {
    const { required, signal } = checkGetSecretArgs(key, getOptions);
    signal?.throwIfAborted();
    const value = trimKeepingBom(envVariable(env as EnvRecord, key));
    if (value !== '') return value;
    if (!required) return undefined;
    throw new SecretsBackendError({
      message: `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here${hint}`,
      backend: 'environment',
      key,
    });
  };
  const backend: SecretsBackend = {
    specificationVersion: SPECIFICATION_VERSION,
    backendName: 'environment',
    getSecret: (async (key: string, getOptions?: GetSecretOptions) =>
      read(key, getOptions)) as SecretsBackend['getSecret'],
    getJsonSecret: (async (key: string, getOptions?: GetSecretOptions) => {
      const value = read(key, getOptions);
      const subject = `Environment variable '${key}'`;
      return value === undefined
        ? undefined
        : parseJsonSecret(value, { backend: 'environment', key, subject });
    }) as SecretsBackend['getJsonSecret'],
  };
  return Object.freeze(backend);
}

// `trim()` but for U+FEFF: Python's `strip()` (the reference) keeps a byte-order mark, and
// getConfig refuses it by name instead of the value changing silently.
function trimKeepingBom(value: string | undefined): string {
  if (value === undefined) return '';
  return value.includes('\uFEFF')
    ? value.replace(/^[^\S\uFEFF]+|[^\S\uFEFF]+$/gu, '')
    : value.trim();
}
