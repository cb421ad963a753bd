import { checkValue } from '../config/check-option.js';
import type { Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { defaultLogger } from '../logging/default-logger.js';

/**
 * The logger of adapter options not yet checked (a vendor constructor before `super`): the given
 * `logger` when it has the four {@link Logger} methods, else {@link defaultLogger}.
 */
export function adapterLogger(options: unknown): Logger {
  const logger: unknown = (options as { logger?: unknown } | null | undefined)?.logger;
  try {
    return checkValue(logger, 'logger', 'logger') ?? defaultLogger;
  } catch {
    // The constructor reports a wrong logger itself; this log line must not mask it.
    return defaultLogger;
  }
}

/**
 * Runs a constructor check; when it throws, logs `event` at error with the faulty variable's name
 * and the error class (never the value), then rethrows. Vendor packages name their events
 * (`okta_config_error`, …) as the Python library did.
 *
 * @example
 * const audience = withConfigErrorLog(options, 'okta_config_error', () => requireAudience(config, 'Okta'));
 */
export function withConfigErrorLog<T>(options: unknown, event: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    adapterLogger(options).error(event, {
      variable: ConfigurationError.isInstance(error) ? error.variable : undefined,
      error_type: errorClassOf(error),
    });
    throw error;
  }
}
