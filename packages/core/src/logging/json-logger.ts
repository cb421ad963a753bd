import { checkOption, ownOptions } from '../config/check-option.js';
import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { LogFields, Logger, LogLevel } from '../contracts/logger.js';
import { rfc3339Time } from './rfc3339-time.js';

/** The log levels, least severe first. */
export const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

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

const RESERVED = new Set(['time', 'level', 'event']);

function withoutReserved(fields: LogFields | undefined): LogFields {
  if (fields === undefined) return {};
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !RESERVED.has(name)));
}

/**
 * A logger that writes one JSON object per event: `{ time, level, event, ...base, ...fields }`.
 * Fields named `time`, `level` or `event` are dropped, so no field can disguise a line.
 *
 * @throws TypeError when `level` is unknown, `write` is not a function or `clock` not a Clock.
 * @example
 * const logger = createJsonLogger({ level: 'debug' });
 * logger.info('token_request_start', { agent_id: 'finance-agent', human_id: 'u-1' });
 */
export function createJsonLogger(given: JsonLoggerOptions = {}): Logger {
  // Own properties only: an inherited `write` would receive every log line.
  const options = ownOptions(given);
  checkOption(options, 'write', 'function');
  checkOption(options, 'clock', 'clock');
  const threshold = LEVELS.indexOf(options.level ?? 'info');
  if (threshold === -1) throw new TypeError(`level must be one of ${LEVELS.join(', ')}`);
  // biome-ignore lint/suspicious/noConsole: the documented default sink of a console logger
  const write = options.write ?? ((line: string) => console.log(line));
  const base = withoutReserved(options.base);
  const clock = options.clock ?? systemClock;
  const emit =
    (level: LogLevel) =>
    (event: string, fields?: LogFields): void => {
      if (LEVELS.indexOf(level) < threshold) return;
      const time = rfc3339Time(clock.now());
      write(JSON.stringify({ time, level, event, ...base, ...withoutReserved(fields) }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
