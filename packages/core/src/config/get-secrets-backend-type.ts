import type { EnvRecord } from '../contracts/plugin-modules.js';
import type { SecretsBackendType } from '../contracts/vendor.js';
import { SECRETS_BACKEND_TYPES } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { checkOptionalObject } from './check-options.js';
import { describeValue } from './describe-value.js';
import { readEnv } from './read-env.js';

/** Options of {@link getSecretsBackendType}. */
export interface GetSecretsBackendTypeOptions {
  /** Environment to read. Default: {@link readEnv} at call time. */
  env?: EnvRecord | undefined;
}

const ALIASES: Readonly<Record<string, SecretsBackendType>> = {
  environment: 'env',
  hashicorp: 'vault',
};

/**
 * Checks a secrets backend name the way the reference does: trimmed, lowercased, `environment` →
 * `env`, `hashicorp` → `vault`. `undefined` or a blank value gives `undefined`.
 *
 * @throws ConfigurationError naming `variable` when the name is not a known backend.
 */
export function parseSecretsBackendType(
  value: string | undefined,
  variable: string,
): SecretsBackendType | undefined {
  const name = value?.trim().toLowerCase();
  if (name === undefined || name === '') return undefined;
  const type = ALIASES[name] ?? name;
  if ((SECRETS_BACKEND_TYPES as readonly string[]).includes(type)) {
    return type as SecretsBackendType;
  }
  throw new ConfigurationError({
    message: `Invalid secrets backend: '${describeValue(name)}'. Must be one of: ${SECRETS_BACKEND_TYPES.join(', ')}`,
    variable,
  });
}

/**
 * The secrets backend named by `DUAL_AUTH_SECRETS_BACKEND` (unset or blank → `env`), with the
 * reference's aliases `environment` → `env` and `hashicorp` → `vault`.
 *
 * Env: `DUAL_AUTH_SECRETS_BACKEND`.
 *
 * @throws ConfigurationError (`variable: 'DUAL_AUTH_SECRETS_BACKEND'`) for an unknown backend.
 * @example
 * getSecretsBackendType({ env: { DUAL_AUTH_SECRETS_BACKEND: 'HashiCorp' } }); // 'vault'
 */
export function getSecretsBackendType(
  options: GetSecretsBackendTypeOptions = {},
): SecretsBackendType {
  checkOptionalObject(options, 'options');
  checkOptionalObject(options.env, 'options.env');
  const env = options.env ?? readEnv();
  return (
    parseSecretsBackendType(env.DUAL_AUTH_SECRETS_BACKEND, 'DUAL_AUTH_SECRETS_BACKEND') ?? 'env'
  );
}
