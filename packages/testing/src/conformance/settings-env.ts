import { envVariable } from '@dual-auth/core';

/**
 * A copy of a setup's `env` whose `variable` holds `change` of its value: how the secrets-backend
 * suite hands a backend one setting with whitespace or a line break added. The value is the
 * setup's own (`envVariable`): one a prototype-pollution bug set on `Object.prototype` is none.
 *
 * @param env - The setup's environment variables (`SecretsConformanceSetup.env`).
 * @param variable - A name the plugin lists in `settings`.
 * @param change - Gives the new value from the setup's.
 * @throws Error when `env` has no value of its own for `variable` (the setup is incomplete).
 */
export function settingsEnv(
  env: Readonly<Record<string, string>>,
  variable: string,
  change: (given: string) => string,
): Record<string, string> {
  const given = envVariable(env, variable);
  if (given === undefined) throw new Error(`the setup's env has no value for ${variable}`);
  return { ...env, [variable]: change(given) };
}
