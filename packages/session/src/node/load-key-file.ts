import { ConfigurationError } from '@dual-auth/core';
import { readBoundedFile } from '@dual-auth/core/node';

/** Largest key file read; a PEM key or certificate is a few KiB. */
const MAX_KEY_FILE_BYTES = 65_536; // 64 * 1024

function tooLarge(): never {
  throw new ConfigurationError({
    message:
      'loadKeyFile: the key file is larger than a PEM key can be (over 64 KiB): pass the path of the PEM key file',
  });
}

/**
 * Reads a PEM key file (Python's `private_key_pem` / `app_public_key_path` were paths) for
 * `HybridSender({ privateKey })` or `OutOfSessionTokenRequest({ publicKey })`. Errors give the
 * reason (and the file system's error code, `ENOENT`, `EACCES`), never the path (a
 * `/home/<name>/…` path names a person, and applications log what is thrown; the stack says
 * which call failed) nor the file's content, as core's `readPrivateKeyFile` does.
 *
 * @throws ConfigurationError when the file cannot be read (`loadKeyFile: the key file cannot be
 *   read (ENOENT): …`), is not a regular file (a FIFO, a device such as `/dev/zero`: refused
 *   unread, `(not a regular file)`; a directory, `(EISDIR)`), is larger than 64 KiB or holds no
 *   PEM block.
 * @example
 * import { loadKeyFile } from '@dual-auth/session/node';
 * const sender = new HybridSender({ privateKey: await loadKeyFile('/run/secrets/app-key.pem') });
 */
export async function loadKeyFile(path: string): Promise<string> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError('loadKeyFile: path must be a non-empty string');
  }
  const cannotRead = (why: string | undefined): never => {
    throw new ConfigurationError({
      message: `loadKeyFile: the key file cannot be read${why === undefined ? '' : ` (${why})`}: pass the path of a PEM key file this process can read`,
    });
  };
  // No cause: Node's fs errors quote the path (in their message and `path`); the code is kept.
  // The reader opens without blocking (a FIFO without a writer), refuses what is no regular file
  // unread and stops past the cap: a /proc file's size reads 0 while it holds megabytes (or,
  // /proc/self/pagemap, reads without end).
  const file = await readBoundedFile(path, MAX_KEY_FILE_BYTES);
  if (!file.ok) {
    if (file.problem === 'too-large') tooLarge();
    if (file.problem === 'directory') cannotRead('EISDIR');
    if (file.problem === 'not-regular') cannotRead('not a regular file');
    return cannotRead(file.code);
  }
  const { text } = file;
  if (!text.includes('-----BEGIN ')) {
    throw new ConfigurationError({
      message:
        'loadKeyFile: the key file holds no PEM block (-----BEGIN …): pass the path of the PEM key file',
    });
  }
  return text;
}
