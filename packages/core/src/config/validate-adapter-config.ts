import type { Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { defaultLogger } from '../logging/default-logger.js';
import { checkValue } from './check-option.js';

/** Options of {@link validateAdapterConfig}. */
export interface ValidateAdapterConfigOptions {
  /** Default: no logging. */
  logger?: Logger | undefined;
}

/**
 * The Python `validate_adapter_config(config, required_fields)`: every field of `requiredFields`
 * must be present in `config` (its value may be anything but `undefined`). Logs
 * `config_validation_failed` with the missing field names.
 *
 * @throws ConfigurationError `Missing required configuration fields: b, c` (the reference raised
 * `ValueError`), naming the first missing field as `variable`.
 * @throws TypeError when `config` is not an object or `requiredFields` not a string array.
 * @example
 * validateAdapterConfig(config, ['tokenUrl', 'clientId', 'audience']);
 */
export function validateAdapterConfig(
  config: object,
  requiredFields: readonly string[],
  options: ValidateAdapterConfigOptions = {},
): void {
  if (checkValue(config, 'config', 'object') === undefined) {
    throw new TypeError('config must be an object, got undefined');
  }
  if (!Array.isArray(requiredFields) || requiredFields.some((f) => typeof f !== 'string')) {
    throw new TypeError('requiredFields must be an array of strings');
  }
  const logger = checkValue(options?.logger, 'options.logger', 'logger') ?? defaultLogger;
  const fields = config as Readonly<Record<string, unknown>>;
  const missing = requiredFields.filter((field) => fields[field] === undefined);
  if (missing.length === 0) return;
  logger.error('config_validation_failed', { missing_fields: missing });
  throw new ConfigurationError({
    message: `Missing required configuration fields: ${missing.join(', ')}`,
    variable: missing[0],
  });
}
