import { ownOptions } from '../config/check-option.js';
import type { Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { defaultLogger } from '../logging/default-logger.js';
import { readBoundedFile } from './read-bounded-file.js';

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
 * a regular file of at most 1 MiB and be readable (read by `readBoundedFile`: never more than
 * 1 MiB of it, never a FIFO or device); a world-readable key file it read only logs a `chmod 600`
 * warning (`private_key_world_readable`, naming the variable, not the path). The errors name the variable
 * (and the file system's error code), never the path (a home folder can name a person) nor the
 * file's content, and say what to set.
 *
 * @throws TypeError when `path` is not a string.
 * @throws ConfigurationError (`APP_PRIVATE_KEY_PATH file does not exist (ENOENT): set
 * APP_PRIVATE_KEY_PATH to …`, `… path is not a file`, `… file is not readable (EACCES)`, too large
 * (over 1 MiB) or not a PEM private key).
 * @example
 * import { readPrivateKeyFile } from '@dual-auth/core/node';
 * const pem = await readPrivateKeyFile('/etc/dual-auth/app.pem', { logger });
 */
export async function readPrivateKeyFile(
  path: string,
  given: ReadPrivateKeyFileOptions = {},
): Promise<string> {
  // Own properties only: an inherited `logger` or `variable` is not the caller's.
  const options = ownOptions(given);
  if (typeof path !== 'string') throw new TypeError('path must be a string');
  const variable = options.variable ?? 'APP_PRIVATE_KEY_PATH';
  const logger = options.logger ?? defaultLogger;
  // No path in a message nor a cause (Node's fs errors quote it): a /home/<name>/… path names a
  // person, and applications log what is thrown; the variable tells the operator which file.
  const fail = (message: string): never => {
    throw new ConfigurationError({ message: `${variable} ${message}`, variable });
  };
  const setIt = `set ${variable} to the path of the PEM private key file`;
  const letRead = `let the user this process runs as read it (chmod 600 "$${variable}", owned by that user)`;
  if (path.trim() === '') fail('cannot be empty');
  const file = await readBoundedFile(path, MAX_KEY_FILE_BYTES);
  if (!file.ok) {
    const { problem, code } = file;
    if (problem === 'too-large') fail(`file is too large for a private key (over 1 MiB): ${setIt}`);
    if (problem === 'directory' || problem === 'not-regular') {
      fail(`path is not a file: ${setIt}, not a directory`);
    }
    // The file system's error code (ENOENT, EACCES) instead of its message.
    const coded = code === undefined ? '' : ` (${code})`;
    return problem === 'unread' || code === 'EACCES' || code === 'EPERM'
      ? fail(`file is not readable${coded}: ${letRead}`)
      : fail(`file does not exist${coded}: ${setIt}`);
  }
  if ((file.mode & 0o004) !== 0) {
    logger.warn('private_key_world_readable', {
      message: `${variable} file is world-readable. Consider: chmod 600 "$${variable}"`,
      variable,
    });
  }
  if (!PEM_PRIVATE_KEY.test(file.text)) {
    fail(`file is not a PEM private key: ${setIt} (-----BEGIN PRIVATE KEY-----)`);
  }
  return file.text;
}
