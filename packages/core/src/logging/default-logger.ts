import { checkValue } from '../config/check-option.js';
import { envVariable } from '../config/env-variable.js';
import { readableUnasked, readEnv } from '../config/read-env.js';
import type { Logger, LogLevel } from '../contracts/logger.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createJsonLogger, LEVELS } from './json-logger.js';
import { noopLogger } from './noop-logger.js';

let programmatic: Logger | undefined;
// The JSON logger made for the last (DUAL_AUTH_LOG, DUAL_AUTH_LOG_LEVEL) pair, so a hot path does
// not build a logger per event while a change of the environment still takes effect.
let fromEnv: { readonly key: string; readonly logger: Logger } | undefined;
// Bumped by setDefaultLogger, so every LogSwitchMemo reads the switch again at its next call.
let generation = 0;

/** How long a {@link LogSwitchMemo} keeps what it read of the environment switch, in ms. */
const ENV_REREAD_MS = 1000;
/** After how many calls a {@link LogSwitchMemo} reads the switch again, however still its clock. */
const ENV_REREAD_CALLS = 1000;

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
  generation += 1;
}

// Both variables read alike: case and surrounding whitespace ignored, a blank value as unset.
// A read the runtime would ask for or refuse (Deno's --allow-env list leaving it out: a prompt in
// a terminal, NotCapable without one) counts as unset, never asked: an optional switch must not
// stop or break an app that passes its configuration explicitly.
function envValue(env: EnvRecord, name: 'DUAL_AUTH_LOG' | 'DUAL_AUTH_LOG_LEVEL'): string {
  if (!readableUnasked(env, name)) return '';
  try {
    return (envVariable(env, name) ?? '').trim().toLowerCase();
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
 * surrounding whitespace ignored; a blank value, or one the runtime does not let it read unasked
 * (Deno without `--allow-env=DUAL_AUTH_LOG`, or plain `--allow-env`: it is never asked for, so
 * never prompts), counts as unset.
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
 * `DUAL_AUTH_LOG` and {@link setDefaultLogger} at each call. A path where reading `process.env`
 * is a large share of the work asks its own {@link LogSwitchMemo} instead.
 *
 * @throws ConfigurationError as {@link resolveDefaultLogger} does, for {@link defaultLogger}.
 * @example
 * activeLogger(this.#logger)?.info('jwt_verified', { agent_id, human_id });
 */
export function activeLogger(logger: Logger): Logger | undefined {
  const target = logger === defaultLogger ? resolveDefaultLogger() : logger;
  return target === noopLogger ? undefined : target;
}

/**
 * {@link activeLogger} for a hot path (a warm token-cache hit), where reading `process.env` on
 * Node is a large share of the work: one per object that logs (never shared), it reads the
 * environment switch again only when its caller's clock moved on a second or went back since its
 * last read, every 1000th call (a clock a test holds still), or after {@link setDefaultLogger}.
 * A change of `DUAL_AUTH_LOG` reaches its caller within a second or 1000 calls, whichever comes
 * first; {@link setDefaultLogger} and a given `logger` are followed at once (docs/logging.md).
 *
 * @example
 * readonly #logSwitch = new LogSwitchMemo();
 * this.#logSwitch.activeLogger(this.#logger, nowMs)?.debug('token_cache_hit', { agent_id });
 */
export class LogSwitchMemo {
  #atMs = Number.NaN;
  #calls = 0;
  #generation = -1;
  #logger: Logger = noopLogger;

  /**
   * As {@link activeLogger}, the environment switch read as above.
   *
   * @param nowMs - The caller's clock, ms since the epoch.
   * @throws ConfigurationError as {@link resolveDefaultLogger} does, for {@link defaultLogger},
   * when it reads the switch.
   */
  activeLogger(logger: Logger, nowMs: number): Logger | undefined {
    if (logger !== defaultLogger || programmatic !== undefined) return activeLogger(logger);
    this.#calls += 1;
    if (
      !(nowMs >= this.#atMs && nowMs - this.#atMs < ENV_REREAD_MS) ||
      this.#calls >= ENV_REREAD_CALLS ||
      this.#generation !== generation
    ) {
      this.#logger = resolveDefaultLogger();
      this.#atMs = nowMs;
      this.#calls = 0;
      this.#generation = generation;
    }
    return this.#logger === noopLogger ? undefined : this.#logger;
  }
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
