import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * The most the CLI reads of a file it is given (a token, a PEM key, a JWKS), in bytes: far past
 * any of them (a subject token is at most 16 KiB, a 4096-bit RSA JWKS a few KiB).
 */
export const MAX_INPUT_FILE_BYTES = 1_048_576;

// O_NONBLOCK: open() of a FIFO with no writer (or of a device waiting for a carrier) returns at
// once instead of blocking a thread of Node's pool for ever; the handle is then checked with
// fstat, so what is read is what was checked (no stat-then-open race). Windows has neither flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

// What to do about a file that cannot be opened, by the file system's code.
const CANNOT_OPEN: Readonly<Record<string, string>> = {
  ENOENT: 'no such file (ENOENT): check the path, relative to the current directory',
  ENOTDIR: 'a folder on its path is a file (ENOTDIR): check the path',
  EACCES: 'permission denied (EACCES): let this user read it, or give - and pipe it in',
  EPERM: 'permission denied (EPERM): let this user read it, or give - and pipe it in',
  ELOOP: 'a loop of symbolic links (ELOOP): give the path of the file itself',
};

async function opened(path: string, what: string, shown: string) {
  try {
    return await open(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === undefined ? undefined : (CANNOT_OPEN[code] ?? code);
    if (reason === undefined) throw error;
    throw new TypeError(`${what} (${shown}) cannot be opened: ${reason}`, { cause: error });
  }
}

// A file that opens as regular but whose read fails (/proc/self/mem: EIO) is named, not thrown bare.
async function readSome(
  handle: FileHandle,
  buffer: Buffer,
  offset: number,
  what: string,
  shown: string,
): Promise<number> {
  try {
    return (await handle.read(buffer, offset, buffer.length - offset, null)).bytesRead;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new TypeError(
      `${what} (${shown}) cannot be read (${code}): give a regular file, or - and pipe the content into standard input`,
      { cause: error },
    );
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * Reads a regular file given on the command line as UTF-8 text, at most
 * {@link MAX_INPUT_FILE_BYTES}. Anything else (a FIFO, `<(…)`, a directory, a device such as
 * `/dev/zero`) is refused without being read: a pipe is given as `-`, standard input.
 *
 * @param what - how the message names the file: the flag, or `the PEM key file`.
 * @param shown - the file as the user wrote it, for the message (default `path`).
 * @throws TypeError when the file cannot be opened (naming `what`, `shown` and the file system's
 *   code, with what to check: `ENOENT` the path, `EACCES` the permissions), is not a regular file
 *   or holds more than {@link MAX_INPUT_FILE_BYTES}.
 * @example
 * const pem = await readInputFile('agent.pem', 'the PEM key file');
 */
export async function readInputFile(path: string, what: string, shown = path): Promise<string> {
  const handle = await opened(path, what, shown);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new TypeError(
        `${what} (${shown}) is ${kindOf(stats)}, not a regular file: give a regular file, or - and pipe the content into standard input`,
      );
    }
    const buffer = Buffer.alloc(MAX_INPUT_FILE_BYTES + 1);
    let size = 0;
    while (size < buffer.length) {
      const bytesRead = await readSome(handle, buffer, size, what, shown);
      if (bytesRead === 0) return buffer.toString('utf8', 0, size);
      size += bytesRead;
    }
    throw new TypeError(
      `${what} is larger than 1 MiB: give the file that holds only the token or key`,
    );
  } finally {
    await handle.close();
  }
}
