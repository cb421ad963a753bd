import type { Logger } from '../contracts/logger.js';

/**
 * Throws a TypeError unless `value` is undefined or has the four {@link Logger} methods: a wrong
 * logger fails when the object is built, not at its first log line.
 */
export function checkLogger(value: unknown, name: string): asserts value is Logger | undefined {
  if (value === undefined) return;
  const logger = value as Partial<Record<keyof Logger, unknown>> | null;
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (
    typeof logger !== 'object' ||
    logger === null ||
    methods.some((m) => typeof logger[m] !== 'function')
  ) {
    throw new TypeError(`${name} must be a Logger with debug, info, warn and error methods`);
  }
}
