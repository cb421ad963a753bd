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

// What JSON.stringify leaves as it is but a reader of lines does not: DEL and the C1 controls
// (NEL U+0085 ends a line in Python's splitlines, CSI U+009B starts a terminal escape), U+2028 and
// U+2029 (line breaks to JavaScript and Unicode line readers), and every invisible format
// character (`\p{Cf}`, as the guard refuses in an id): bidi marks, embeddings, overrides and
// isolates, zero-width characters, the BOM, and the tag characters (U+E0001, U+E0020–U+E007F) that
// spell hidden ASCII. They occur in a JSON text only inside strings (its structure is ASCII), so
// writing them as `\uXXXX` (a surrogate pair above U+FFFF) keeps the line valid JSON whose values
// read back unchanged. Lone surrogates JSON.stringify already escapes.
const UNSAFE_IN_LINE = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

function escaped(char: string): string {
  let written = '';
  for (let index = 0; index < char.length; index += 1) {
    written += `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`;
  }
  return written;
}

/** `JSON.stringify(value)` on one line of visible text: see {@link UNSAFE_IN_LINE}. */
function jsonLine(value: object): string {
  return JSON.stringify(value).replace(UNSAFE_IN_LINE, escaped);
}

function withoutReserved(fields: LogFields | undefined): LogFields {
  if (fields === undefined) return {};
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !RESERVED.has(name)));
}

/**
 * A logger that writes one JSON object per event: `{ time, level, event, ...base, ...fields }`.
 * Fields named `time`, `level` or `event` are dropped, so no field can disguise a line, and the
 * characters `JSON.stringify` leaves raw that a reader of lines takes for a line break, a terminal
 * escape or a reordering (U+2028, U+2029, C1 controls such as NEL, and every format character:
 * bidi, zero-width, the tag characters) are written as `\uXXXX` escapes: each event stays one
 * line of visible text, and `JSON.parse` reads every value back as it was given.
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
      write(jsonLine({ time, level, event, ...base, ...withoutReserved(fields) }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
