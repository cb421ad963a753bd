import type { LogFields, Logger } from '@dual-auth/core';

/**
 * A logger for `getConfig` that keeps the `message` of each warn event in `warnings` (a variable
 * the vendor ignores: `config_setting_ignored`; an Entra `API_SCOPE` without `/.default`) and drops
 * the rest. Those messages name variables, never their values (docs/logging.md).
 */
export function configWarningsLogger(warnings: string[]): Logger {
  const ignore = (): void => {};
  return {
    debug: ignore,
    info: ignore,
    error: ignore,
    warn(_event: string, fields?: LogFields) {
      if (typeof fields?.message === 'string') warnings.push(fields.message);
    },
  };
}
