import type { LogFields, Logger } from '@dual-auth/core';

/** One event a {@link RecordingLogger} received. */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  readonly fields?: LogFields | undefined;
}

/** A logger that keeps every event, so a test can check what was logged and scan it for leaks. */
export interface RecordingLogger extends Logger {
  /** Every event so far, oldest first. */
  readonly records: LogRecord[];
}

/**
 * A {@link Logger} that records instead of writing.
 *
 * @example
 * ```ts
 * import { createRecordingLogger } from '@dual-auth/testing';
 *
 * const logger = createRecordingLogger();
 * // … run the code under test with { logger } …
 * expect(JSON.stringify(logger.records)).not.toContain(secretValue);
 * ```
 */
export function createRecordingLogger(): RecordingLogger {
  const records: LogRecord[] = [];
  const record =
    (level: LogRecord['level']) =>
    (event: string, fields?: LogFields): void => {
      records.push(fields === undefined ? { level, event } : { level, event, fields });
    };
  return {
    records,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
