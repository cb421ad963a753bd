import { checkValue } from '../config/check-option.js';
import { readEnv } from '../config/read-env.js';
import type { Logger, LogLevel } from '../contracts/logger.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createJsonLogger, LEVELS } from './json-logger.js';
import { noopLogger } from './noop-logger.js';

let programmatic: Logger | undefined;
// The JSON logger made for the last (DUAL_AUTH_LOG, DUAL_AUTH_LOG_LEVEL) pair, so a hot path does
// not build a logger per event while a change of the environment still takes effect.
let fromEnv: { readonly key: string; readonly logger: Logger } | undefined;
// What `activeLogger(logger, nowMs)` last read of the switch, and when (the caller's clock, ms).
let envRead: { readonly atMs: number; readonly logger: Logger } | undefined;

/** How long `activeLogger` given the time keeps what it read of the environment switch, in ms. */
const ENV_REREAD_MS = 1000;

/**
 * Sets the logger every dual-auth object uses when none is passed to it (adapters, session,
 * client, resource, config, stores), from the next log call on, including objects already built.
 * `undefined` goes back to the environment switch ({@link resolveDefaultLogger}).
 *
 * @throws TypeError when `logger` is neither undefined nor a {@link Logger}.
 * @example
 * setDefaultLogger(createJsonLogger({ level: 'debug' }));
 */
export function setDefaultLogger(logger: Logger | undefined): void {
  checkValue(logger, 'setDefaultLogger: logger', 'logger');
  programmatic = logger;
  envRead = undefined;
}

// Both variables read alike: case and surrounding whitespace ignored, a blank value as unset.
// A read the runtime refuses (Deno throws NotCapable without --allow-env for it) counts as unset:
// an optional switch must not break an app that passes its configuration explicitly.
function envValue(env: EnvRecord, name: 'DUAL_AUTH_LOG' | 'DUAL_AUTH_LOG_LEVEL'): string {
  try {
    return (env[name] ?? '').trim().toLowerCase();
  } catch {
    return '';
  }
}

function envLevel(env: EnvRecord): LogLevel {
  const raw = envValue(env, 'DUAL_AUTH_LOG_LEVEL');
  if (raw === '') return 'info';
  const level = LEVELS.find((l) => l === raw);
  if (level === undefined) {
    throw new ConfigurationError({
      message: `DUAL_AUTH_LOG_LEVEL must be one of ${LEVELS.join(', ')}`,
      variable: 'DUAL_AUTH_LOG_LEVEL',
    });
  }
  return level;
}

/**
 * The logger used where none was passed, chosen at call time: the one given to
 * {@link setDefaultLogger}, else the environment switch: `DUAL_AUTH_LOG=json` writes one JSON line
 * per event ({@link createJsonLogger}) at `DUAL_AUTH_LOG_LEVEL` (`debug`, `info` (default), `warn`,
 * `error`); `DUAL_AUTH_LOG=off` or unset says nothing. Both are read case-insensitively with
 * surrounding whitespace ignored; a blank value, or one the runtime does not let it read (Deno
 * without `--allow-env`), counts as unset.
 *
 * @param env - The environment; default {@link readEnv} at call time.
 * @throws ConfigurationError when `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL` holds another value.
 */
export function resolveDefaultLogger(env: EnvRecord = readEnv()): Logger {
  if (programmatic !== undefined) return programmatic;
  const mode = envValue(env, 'DUAL_AUTH_LOG');
  if (mode === '' || mode === 'off') return noopLogger;
  if (mode !== 'json') {
    throw new ConfigurationError({
      message: 'DUAL_AUTH_LOG must be json or off',
      variable: 'DUAL_AUTH_LOG',
    });
  }
  const level = envLevel(env);
  const key = `${mode}:${level}`;
  if (fromEnv?.key !== key) fromEnv = { key, logger: createJsonLogger({ level }) };
  return fromEnv.logger;
}

/**
 * The default of every `logger` option: each call goes to {@link resolveDefaultLogger} at that
 * moment, so `DUAL_AUTH_LOG` and {@link setDefaultLogger} reach objects built before they were set.
 */
export const defaultLogger: Logger = {
  debug: (event, fields) => resolveDefaultLogger().debug(event, fields),
  info: (event, fields) => resolveDefaultLogger().info(event, fields),
  warn: (event, fields) => resolveDefaultLogger().warn(event, fields),
  error: (event, fields) => resolveDefaultLogger().error(event, fields),
};

/**
 * The logger an event goes to now, or `undefined` when it would write nothing: `logger` itself,
 * or for {@link defaultLogger} its target at this moment. A hot path asks this before it builds an
 * event's fields, so nothing is built for a logger that drops them, and the default still follows
 * `DUAL_AUTH_LOG` and {@link setDefaultLogger} at each call.
 *
 * @param nowMs - The caller's clock, ms since the epoch. Given, the environment switch is read at
 * most once a second of that clock (again at once when the clock went back, or after
 * {@link setDefaultLogger}): a change of `DUAL_AUTH_LOG` reaches such a caller within a second, not
 * at its next call. For a path where reading `process.env` on Node is a large share of the work
 * (a warm token-cache hit); {@link setDefaultLogger} and a given `logger` are followed at once.
 * @throws ConfigurationError as {@link resolveDefaultLogger} does, for {@link defaultLogger}, when
 * it reads the switch.
 * @example
 * activeLogger(this.#logger, this.#clock.now())?.debug('token_cache_hit', { agent_id, human_id });
 */
export function activeLogger(logger: Logger, nowMs?: number): Logger | undefined {
  const target =
    logger !== defaultLogger
      ? logger
      : nowMs === undefined || programmatic !== undefined
        ? resolveDefaultLogger()
        : envLoggerAt(nowMs);
  return target === noopLogger ? undefined : target;
}

function envLoggerAt(nowMs: number): Logger {
  const read = envRead;
  if (read !== undefined && nowMs >= read.atMs && nowMs - read.atMs < ENV_REREAD_MS) {
    return read.logger;
  }
  const logger = resolveDefaultLogger();
  envRead = { atMs: nowMs, logger };
  return logger;
}

/**
 * The logger a constructor or factory keeps: `logger` when given, else {@link defaultLogger},
 * after resolving the switch once so that a typo in `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL`
 * fails when the object is built, not at its first log line. The default still chooses its
 * target at each call (docs/logging.md).
 *
 * @throws ConfigurationError naming the variable and its allowed values when no logger is given,
 * none was set with {@link setDefaultLogger}, and `DUAL_AUTH_LOG` or (with `json`)
 * `DUAL_AUTH_LOG_LEVEL` holds another value.
 * @example
 * this.#logger = loggerOrDefault(options.logger);
 */
export function loggerOrDefault(logger: Logger | undefined): Logger {
  if (logger !== undefined) return logger;
  resolveDefaultLogger();
  return defaultLogger;
}
