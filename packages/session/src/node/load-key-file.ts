import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@dual-auth/core';

/** Largest key file read; a PEM key or certificate is a few KiB. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Reads a PEM key file (Python's `private_key_pem` / `app_public_key_path` were paths) for
 * `HybridSender({ privateKey })` or `OutOfSessionTokenRequest({ publicKey })`. Errors name the
 * path and the reason, never the file's content.
 *
 * @throws ConfigurationError when the file cannot be read, is too large or holds no PEM block.
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
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new ConfigurationError({
      message: `Cannot load key file ${path}: ${typeof code === 'string' ? code : 'read failed'}`,
      cause,
    });
  }
  if (content.byteLength > MAX_KEY_FILE_BYTES) {
    throw new ConfigurationError({ message: `Key file ${path} is larger than a PEM key can be` });
  }
  const text = content.toString('utf8');
  if (!text.includes('-----BEGIN ')) {
    throw new ConfigurationError({ message: `Key file ${path} holds no PEM block` });
  }
  return text;
}
