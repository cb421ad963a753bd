import type { EnvRecord } from '../contracts/plugin-modules.js';

/**
 * The value of environment variable `name` in `env`, or `undefined` when `env` does not have it
 * as an own property: `process.env` and a plain `{}` inherit from `Object.prototype`, so a name a
 * prototype-pollution bug elsewhere set there would otherwise fill in an unset variable (an
 * endpoint, a CA file, a secret).
 *
 * @throws ConfigurationError from a {@link readEnv} view whose runtime refuses the read (Deno
 *   without `--allow-env` for `name`).
 * @example
 * envVariable(readEnv(), 'DUAL_AUTH_VENDOR'); // 'acme' | undefined
 */
export function envVariable(env: EnvRecord, name: string): string | undefined {
  return Object.hasOwn(env, name) ? env[name] : undefined;
}
