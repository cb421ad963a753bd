import type { DualAuthPlugin, EnvRecord } from '../contracts/plugin-modules.js';
import type { SecretsBackendType } from '../contracts/vendor.js';
import { checkOption } from './check-option.js';
import { type CollectedPlugins, collectPlugins } from './collect-plugins.js';
import { envVariable } from './env-variable.js';
import { parsePluginName } from './parse-plugin-name.js';
import { readEnv } from './read-env.js';

/** Options of {@link getSecretsBackendType}. */
export interface GetSecretsBackendTypeOptions {
  /** Environment to read. Default: {@link readEnv} at call time. */
  env?: EnvRecord | undefined;
  /** The secrets backends this program uses; when given, the name must be `env` or one of them. */
  plugins?: readonly DualAuthPlugin[] | undefined;
}

// The reference's other spellings of DUAL_AUTH_SECRETS_BACKEND (docs/wire-format.md#secrets-backends).
const REFERENCE_ALIASES: Readonly<Record<string, string>> = {
  environment: 'env',
  hashicorp: 'vault',
};

/**
 * Checks a secrets backend name the way the reference does: trimmed, lowercased, with the
 * reference's aliases (`environment` → `env`, `hashicorp` → `vault`) and those of the plugins
 * passed. `undefined` or a blank value gives `undefined`.
 *
 * @throws ConfigurationError naming `variable` for a name that is no backend.
 */
export function parseSecretsBackendType(
  value: string | undefined,
  variable: string,
  plugins: CollectedPlugins,
): SecretsBackendType | undefined {
  const aliases: Record<string, string> = { ...REFERENCE_ALIASES };
  for (const plugin of plugins.stores) {
    for (const alias of plugin.aliases ?? []) aliases[alias] = plugin.type;
  }
  const known =
    plugins.stores.length > 0 ? ['env', ...plugins.stores.map((p) => p.type)] : undefined;
  return parsePluginName(value, { label: 'secrets backend', variable, known, aliases });
}

/**
 * The secrets backend named by `DUAL_AUTH_SECRETS_BACKEND` (unset or blank → `env`), with the
 * reference's aliases `environment` → `env` and `hashicorp` → `vault`.
 *
 * Env: `DUAL_AUTH_SECRETS_BACKEND`.
 *
 * @throws ConfigurationError (`variable: 'DUAL_AUTH_SECRETS_BACKEND'`) for a name that is no
 * backend.
 * @example
 * getSecretsBackendType({ env: { DUAL_AUTH_SECRETS_BACKEND: 'HashiCorp' } }); // 'vault'
 */
export function getSecretsBackendType(
  options: GetSecretsBackendTypeOptions = {},
): SecretsBackendType {
  checkOption(options, 'env', 'object');
  const plugins = collectPlugins(options?.plugins);
  const env = options.env ?? readEnv();
  return secretsBackendTypeOf(env, plugins);
}

/**
 * The backend `DUAL_AUTH_SECRETS_BACKEND` in `env` names, else `env`: {@link getSecretsBackendType}
 * once its options are checked.
 *
 * @throws ConfigurationError as {@link getSecretsBackendType}.
 */
export function secretsBackendTypeOf(
  env: EnvRecord,
  plugins: CollectedPlugins,
): SecretsBackendType {
  return (
    parseSecretsBackendType(
      envVariable(env, 'DUAL_AUTH_SECRETS_BACKEND'),
      'DUAL_AUTH_SECRETS_BACKEND',
      plugins,
    ) ?? 'env'
  );
}
