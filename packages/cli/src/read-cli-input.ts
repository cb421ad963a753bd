import { resolve } from 'node:path';
import type { CliIo } from './cli-io.js';
import { readInputFile } from './read-input-file.js';

/**
 * Reads a file named on the command line, relative to `io.cwd`: `-` is standard input (the way
 * to pipe a token or key in), anything else a regular file ({@link readInputFile}).
 *
 * @param what - how the message names the file: the flag, or `the PEM key file`.
 * @throws TypeError for a file that cannot be opened (`ENOENT`, `EACCES`), is not a regular file
 *   or is larger than 1 MiB (standard input too).
 * @example
 * const token = await readCliInput(io, flags.subjectTokenFile, '--subject-token-file');
 */
export function readCliInput(
  io: Pick<CliIo, 'cwd'> & Partial<Pick<CliIo, 'readStdin'>>,
  file: string,
  what: string,
): Promise<string> {
  if (file !== '-') return readInputFile(resolve(io.cwd, file), what, file);
  if (io.readStdin === undefined) {
    return Promise.reject(
      new TypeError(`${what} is -, and there is no standard input to read here`),
    );
  }
  return io.readStdin();
}
