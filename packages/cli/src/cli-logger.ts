import {
  createJsonLogger,
  envVariable,
  type Logger,
  type LogLevel,
  noopLogger,
  resolveDefaultLogger,
} from '@dual-auth/core';
import type { CliIo } from './cli-io.js';

/**
 * The logger of a CLI run: `DUAL_AUTH_LOG` and `DUAL_AUTH_LOG_LEVEL` read from `io.env` as core's
 * default logger reads them (docs/logging.md), each JSON line written to `io.stderr`. Standard
 * output carries what the command prints (the doctor's report, its `--json` for CI), which a log
 * line there would break. A logger given to `setDefaultLogger` (an app running `runCli`) wins.
 *
 * @throws ConfigurationError naming the variable when `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL`
 * holds a value it does not take (core's `resolveDefaultLogger`).
 */
export function cliLogger(io: CliIo): Logger {
  const target = resolveDefaultLogger(io.env);
  // Logging off, or the logger an app set (which an empty environment resolves to as well).
  if (target === noopLogger || target === resolveDefaultLogger({})) return target;
  // Checked by resolveDefaultLogger above: blank (info) or one of the levels, in any case.
  const level = (envVariable(io.env, 'DUAL_AUTH_LOG_LEVEL') ?? '').trim().toLowerCase() || 'info';
  return createJsonLogger({
    level: level as LogLevel,
    write: (line) => io.stderr.write(`${line}\n`),
  });
}
