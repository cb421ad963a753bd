import { open } from 'node:fs/promises';

/**
 * The most the CLI reads of a file it is given (a token, a PEM key, a JWKS), in bytes: far past
 * any of them (a subject token is at most 16 KiB, a 4096-bit RSA JWKS a few KiB).
 */
export const MAX_INPUT_FILE_BYTES = 1_048_576;

/**
 * Reads a file given on the command line as UTF-8 text, at most {@link MAX_INPUT_FILE_BYTES}: a
 * device (`/dev/zero`) or a huge file is refused at the bound instead of filling memory. A pipe
 * (`--subject-token-file <(vault read …)`) is read like a file.
 *
 * @param what - how the message names the file: the flag, or `the PEM key file`.
 * @throws TypeError when the file holds more than {@link MAX_INPUT_FILE_BYTES}.
 * @throws the `fs` error (`ENOENT`, `EACCES`, `EISDIR`) when it cannot be read.
 * @example
 * const pem = await readInputFile('agent.pem', 'the PEM key file');
 */
export async function readInputFile(path: string, what: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_INPUT_FILE_BYTES + 1);
    let size = 0;
    while (size < buffer.length) {
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size, null);
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
