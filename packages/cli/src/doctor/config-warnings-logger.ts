import type { LogFields, Logger } from '@dual-auth/core';

/**
 * A logger for `getConfig` that keeps the `message` of each warn event in `warnings` (a variable
 * the vendor ignores: `config_setting_ignored`; an Entra `API_SCOPE` without `/.default`) and
 * passes every event, those included, on to `next` (the doctor's logger: the CLI's writes
 * `DUAL_AUTH_LOG=json` lines on stderr), as `getConfig` would have without it. Those messages name
 * variables, never their values (docs/logging.md).
 */
export function configWarningsLogger(warnings: string[], next: Logger): Logger {
  return {
    debug: (event, fields) => next.debug(event, fields),
    info: (event, fields) => next.info(event, fields),
    error: (event, fields) => next.error(event, fields),
    warn(event: string, fields?: LogFields) {
      if (typeof fields?.message === 'string') warnings.push(fields.message);
      next.warn(event, fields);
    },
  };
}
