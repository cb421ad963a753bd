import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { requireValue } from '../config/check-option.js';

/**
 * Why {@link readBoundedFile} read no text: `unopened` (the path could not be opened: missing,
 * not readable), `directory`, `not-regular` (a FIFO, socket or device, refused unread),
 * `too-large` (over `maxBytes`, by `fstat` or by what the read found) or `unread` (the read
 * failed).
 */
export type BoundedFileProblem = 'unopened' | 'directory' | 'not-regular' | 'too-large' | 'unread';

/** What {@link readBoundedFile} found: the file's text, or why it has none. */
export type BoundedFile =
  | {
      readonly ok: true;
      /** The whole file, decoded as UTF-8. */
      readonly text: string;
      /** The file's mode bits as `fstat` gave them (`mode & 0o004`: readable by everyone). */
      readonly mode: number;
    }
  | {
      readonly ok: false;
      readonly problem: BoundedFileProblem;
      /** The file system's error code (`ENOENT`, `EACCES`) of `unopened` and `unread`; never its message, which quotes the path. */
      readonly code: string | undefined;
    };

// O_NONBLOCK: a FIFO with no writer opens at once instead of blocking a thread of Node's pool for
// ever; what is read is then the handle that was checked (fstat), never a path swapped after a stat.
// O_NOCTTY: a terminal opened (then refused as no regular file) never becomes this process's.
// A function, not a module constant: an unused import of this entry keeps no code (entry-tree-shake).
const openFlags = () =>
  constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The first `count` bytes of `handle` (fewer at its end). */
async function bytesUpTo(handle: FileHandle, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of handle.createReadStream({ end: count - 1, autoClose: false })) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a small regular file (a key, a certificate, a token) whole, reading no more than
 * `maxBytes` + 1 bytes of it whatever it is: the path is opened non-blocking (a FIFO without a
 * writer answers at once), the handle opened is the one checked with `fstat` and read (no path
 * swapped in between), a directory, FIFO, socket or device is refused unread, and the read itself
 * stops past `maxBytes`, since a file's size by `fstat` may be 0 while it reads on (`/proc/kallsyms`
 * holds 5 MB, `/proc/self/pagemap` never ends). File system failures are answered, not thrown,
 * with their code only: Node's messages quote the path, which can name a person
 * (`/home/<name>/…`), so the caller words its own error.
 *
 * @param path - The file's path.
 * @param maxBytes - The largest file read, in bytes (an integer from 1 to 2^53-1).
 * @returns `{ ok: true, text, mode }`, or `{ ok: false, problem, code }` ({@link BoundedFileProblem}).
 * @throws TypeError when `path` is not a string or `maxBytes` not an integer from 1 to 2^53-1.
 * @example
 * import { readBoundedFile } from '@dual-auth/core/node';
 * const file = await readBoundedFile('/run/secrets/app-key.pem', 65_536);
 * if (!file.ok) throw new Error(`key file: ${file.problem} ${file.code ?? ''}`);
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<BoundedFile> {
  requireValue(path, 'path', 'string');
  requireValue(maxBytes, 'maxBytes', 'positiveInteger');
  // A read stream's end past 2^53-1 fails inside Node's stream, not as an answer.
  if (!Number.isSafeInteger(maxBytes)) {
    throw new TypeError(
      'maxBytes must be a positive integer up to 2^53-1 (Number.MAX_SAFE_INTEGER)',
    );
  }
  const refused = (problem: BoundedFileProblem, code?: string): BoundedFile => ({
    ok: false,
    problem,
    code,
  });
  let handle: FileHandle;
  try {
    handle = await open(path, openFlags());
  } catch (error) {
    return refused('unopened', codeOf(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return refused('directory');
    if (!info.isFile()) return refused('not-regular');
    if (info.size > maxBytes) return refused('too-large');
    const bytes = await bytesUpTo(handle, maxBytes + 1);
    if (bytes.byteLength > maxBytes) return refused('too-large');
    return { ok: true, text: bytes.toString('utf8'), mode: info.mode };
  } catch (error) {
    return refused('unread', codeOf(error));
  } finally {
    await handle.close();
  }
}
