import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@dual-auth/core';

/** Largest key file read; a PEM key or certificate is a few KiB. */
const MAX_KEY_FILE_BYTES = 65_536; // 64 * 1024

/**
 * Reads a PEM key file (Python's `private_key_pem` / `app_public_key_path` were paths) for
 * `HybridSender({ privateKey })` or `OutOfSessionTokenRequest({ publicKey })`. Errors give the
 * reason (and the file system's error code, `ENOENT`, `EACCES`), never the path (a
 * `/home/<name>/…` path names a person, and applications log what is thrown; the stack says
 * which call failed) nor the file's content, as core's `readPrivateKeyFile` does.
 *
 * @throws ConfigurationError when the file cannot be read (`loadKeyFile: the key file cannot be
 *   read (ENOENT): …`), is larger than 64 KiB or holds no PEM block.
 * @example
 * import { loadKeyFile } from '@dual-auth/session/node';
 * const sender = new HybridSender({ privateKey: await loadKeyFile('/run/secrets/app-key.pem') });
 */
export async function loadKeyFile(path: string): Promise<string> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError('loadKeyFile: path must be a non-empty string');
  }
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    // No cause: Node's fs errors quote the path (in their message and `path`); the code is kept.
    const code = (error as { code?: unknown } | null)?.code;
    throw new ConfigurationError({
      message: `loadKeyFile: the key file cannot be read${typeof code === 'string' ? ` (${code})` : ''}: pass the path of a PEM key file this process can read`,
    });
  }
  if (content.byteLength > MAX_KEY_FILE_BYTES) {
    throw new ConfigurationError({
      message:
        'loadKeyFile: the key file is larger than a PEM key can be (over 64 KiB): pass the path of the PEM key file',
    });
  }
  const text = content.toString('utf8');
  if (!text.includes('-----BEGIN ')) {
    throw new ConfigurationError({
      message:
        'loadKeyFile: the key file holds no PEM block (-----BEGIN …): pass the path of the PEM key file',
    });
  }
  return text;
}
