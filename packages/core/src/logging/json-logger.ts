import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { LogFields, Logger, LogLevel } from '../contracts/logger.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Where each JSON line goes. Default: `console.log`. */
  write?: (line: string) => void;
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Fixed fields on every line, e.g. `{ service: 'finance-agent' }`. */
  base?: LogFields;
  clock?: Clock;
}

/**
 * A logger that writes one JSON object per event: `{ time, level, event, ...fields }`.
 *
 * @example
 * const logger = createJsonLogger({ level: 'debug' });
 * logger.info('token_request_start', { agent_id: 'finance-agent', human_id: 'u-1' });
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  // biome-ignore lint/suspicious/noConsole: the documented default sink of a console logger
  const write = options.write ?? ((line: string) => console.log(line));
  const threshold = LEVELS.indexOf(options.level ?? 'info');
  const clock = options.clock ?? systemClock;
  const emit =
    (level: LogLevel) =>
    (event: string, fields?: LogFields): void => {
      if (LEVELS.indexOf(level) < threshold) return;
      const time = new Date(clock.now()).toISOString();
      write(JSON.stringify({ time, level, event, ...options.base, ...fields }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
