import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { ownOptions } from '../config/check-option.js';
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
// O_NONBLOCK: a FIFO with no writer opens at once instead of blocking a thread of Node's pool for
// ever; what is read is then the handle that was checked (fstat), never a path swapped after a stat.
// A function, not a module constant: an unused import of this entry keeps no code (entry-tree-shake).
const openFlags = () =>
  constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * The text of `handle` (UTF-8), or `undefined` when it holds more than `limit` bytes: a file's
 * size as fstat tells it may be 0 while it reads for ever (`/proc/self/pagemap`), so the read
 * itself stops at `limit` + 1 bytes.
 */
async function readAtMost(handle: FileHandle, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of handle.createReadStream({ end: limit, autoClose: false })) {
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  return bytes.byteLength > limit ? undefined : bytes.toString('utf8');
}

/**
 * Reads a PEM private key file with the reference's checks and messages: the file must exist, be
 * a regular file and be readable; a world-readable file only logs a `chmod 600` warning
 * (`private_key_world_readable`, naming the variable, not the path). The errors name the variable
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
  // The file system's error code (ENOENT, EACCES) instead of its message.
  const failWith =
    (problem: string, advice: string) =>
    (error: unknown): never => {
      const code = (error as { code?: unknown } | null)?.code;
      return fail(`${problem}${typeof code === 'string' ? ` (${code})` : ''}: ${advice}`);
    };
  const setIt = `set ${variable} to the path of the PEM private key file`;
  const letRead = `let the user this process runs as read it (chmod 600 "$${variable}", owned by that user)`;
  if (path.trim() === '') fail('cannot be empty');
  const tooLarge = `file is too large for a private key (over 1 MiB): ${setIt}`;
  const handle = await open(path, openFlags()).catch((error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'EACCES' || code === 'EPERM'
      ? failWith('file is not readable', letRead)(error)
      : failWith('file does not exist', setIt)(error);
  });
  let text: string | undefined;
  try {
    const info = await handle.stat();
    if (!info.isFile()) fail(`path is not a file: ${setIt}, not a directory`);
    if (info.size > MAX_KEY_FILE_BYTES) fail(tooLarge);
    if ((info.mode & 0o004) !== 0) {
      logger.warn('private_key_world_readable', {
        message: `${variable} file is world-readable. Consider: chmod 600 "$${variable}"`,
        variable,
      });
    }
    text = await readAtMost(handle, MAX_KEY_FILE_BYTES).catch(
      failWith('file is not readable', letRead),
    );
  } finally {
    await handle.close();
  }
  if (text === undefined) return fail(tooLarge);
  if (!PEM_PRIVATE_KEY.test(text)) {
    fail(`file is not a PEM private key: ${setIt} (-----BEGIN PRIVATE KEY-----)`);
  }
  return text;
}
