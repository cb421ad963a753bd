import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import type { Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { defaultLogger } from '../logging/default-logger.js';

/** Options of {@link readPrivateKeyFile}. */
export interface ReadPrivateKeyFileOptions {
  /** Default: no logging. */
  logger?: Logger | undefined;
  /** The variable the path came from, named in errors. Default `APP_PRIVATE_KEY_PATH`. */
  variable?: string | undefined;
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
// A PEM private key is a few KiB; a path pointing at anything much larger is a mistake.
const MAX_KEY_FILE_BYTES = 1_048_576;

/**
 * Reads a PEM private key file with the reference's checks and messages: the file must exist, be
 * a regular file and be readable; a world-readable file only logs a `chmod 600` warning
 * (`private_key_world_readable`, naming the variable, not the path). The errors name the variable
 * and the path, never the file's content.
 *
 * @throws TypeError when `path` is not a string.
 * @throws ConfigurationError (`APP_PRIVATE_KEY_PATH file does not exist: <p>`, `… path is not a
 * file: <p>`, `… file is not readable: <p>`, too large (over 1 MiB) or not a PEM private key).
 * @example
 * import { readPrivateKeyFile } from '@dual-auth/core/node';
 * const pem = await readPrivateKeyFile('/etc/dual-auth/app.pem', { logger });
 */
export async function readPrivateKeyFile(
  path: string,
  options: ReadPrivateKeyFileOptions = {},
): Promise<string> {
  if (typeof path !== 'string') throw new TypeError('path must be a string');
  const variable = options.variable ?? 'APP_PRIVATE_KEY_PATH';
  const logger = options.logger ?? defaultLogger;
  const fail = (message: string, cause?: unknown): never => {
    throw new ConfigurationError({ message: `${variable} ${message}`, variable, cause });
  };
  if (path.trim() === '') fail('cannot be empty');
  const info = await stat(path).catch((error: unknown) =>
    fail(`file does not exist: ${path}`, error),
  );
  if (!info.isFile()) fail(`path is not a file: ${path}`);
  if (info.size > MAX_KEY_FILE_BYTES) {
    fail(`file is too large for a private key (over 1 MiB): ${path}`);
  }
  await access(path, constants.R_OK).catch((error: unknown) =>
    fail(`file is not readable: ${path}`, error),
  );
  if ((info.mode & 0o004) !== 0) {
    // No path: a /home/<name>/… path names a person; the variable tells the operator which file.
    logger.warn('private_key_world_readable', {
      message: `${variable} file is world-readable. Consider: chmod 600 "$${variable}"`,
      variable,
    });
  }
  const text = await readFile(path, 'utf8').catch((error: unknown) =>
    fail(`file is not readable: ${path}`, error),
  );
  if (!PEM_PRIVATE_KEY.test(text)) fail(`file is not a PEM private key: ${path}`);
  return text;
}
