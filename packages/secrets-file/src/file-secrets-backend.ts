import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConfigurationError,
  type KnownOptions,
  type Logger,
  SecretsBackendError,
} from '@dual-auth/core';
import {
  CachedSecretsBackend,
  checkOption,
  resolveBackendOptions,
  type SecretLocation,
  type SecretLookup,
  type SecretsBackendOptions,
  stringSetting,
} from '@dual-auth/core/secrets-kit';

/** Where Docker swarm and Kubernetes mount secrets by convention. */
export const DEFAULT_SECRETS_DIR = '/run/secrets';

/** Reads a file as UTF-8 text, like `fs.promises.readFile(path, 'utf8')`. */
export type ReadSecretFile = (path: string, options: { signal?: AbortSignal }) => Promise<string>;

/** Options of {@link FileSecretsBackend}. */
export interface FileSecretsBackendOptions extends SecretsBackendOptions {
  /** The directory holding one file per secret. Default `DUAL_AUTH_SECRETS_DIR`, else `/run/secrets`. */
  directory?: string | undefined;
  /** Replaces the file read (tests inject failures a root user cannot cause). */
  readFile?: ReadSecretFile | undefined;
}

/** The options of {@link FileSecretsBackendOptions} beside the shared ones, for `resolveBackendOptions`. */
const OWN_OPTIONS = {
  directory: true,
  readFile: true,
} as const satisfies KnownOptions<Omit<FileSecretsBackendOptions, keyof SecretsBackendOptions>>;

// A key names a file in the directory, never a path out of it.
const FILE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

/**
 * The most a secret file may hold, in bytes: what AWS Secrets Manager and GCP Secret Manager
 * allow a secret (65 536 bytes), far past a PEM key or a JSON secret.
 */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

// Strict, as AWS and GCP decode a secret: a byte that is not UTF-8 is refused, never made U+FFFD
// (a Latin-1 or UTF-16 file would reach the IdP changed). A byte-order mark is kept, as read.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Opened without blocking, so a FIFO is refused rather than waited on for a writer; a device
// (`/dev/zero`), a FIFO or a socket has no end to read to, and a file is read up to the bound only.
const defaultReadFile: ReadSecretFile = async (path, { signal }) => {
  signal?.throwIfAborted();
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw failure('is a directory', 'EISDIR');
    if (!stats.isFile()) throw failure('not a regular file', 'ENOTREGULAR');
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > MAX_SECRET_FILE_BYTES) throw failure('too large', 'EFBIG');
    }
    try {
      return UTF8.decode(buffer.subarray(0, size));
    } catch {
      throw failure('not UTF-8', 'EILSEQ');
    }
  } finally {
    await handle.close();
  }
};

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

/**
 * Secrets as files in a directory, the way Docker (`docker secret`, Compose `secrets:`) and
 * Kubernetes (a Secret mounted as a volume) hand them to a container: the key `AGENT_CLIENT_SECRET`
 * is the file `<directory>/AGENT_CLIENT_SECRET`, its content the value, byte for byte (write it
 * without a trailing newline). An empty file counts as missing. A missing directory is an error,
 * never a missing secret.
 *
 * Env: `DUAL_AUTH_SECRETS_DIR` (default `/run/secrets`).
 *
 * @example
 * ```ts
 * import { FileSecretsBackend } from '@dual-auth/secrets-file';
 *
 * const backend = new FileSecretsBackend({ directory: '/run/secrets' });
 * const secret = await backend.getSecret('AGENT_CLIENT_SECRET');
 * ```
 */
export class FileSecretsBackend extends CachedSecretsBackend {
  readonly backendName = 'file' as const;
  /** The directory read from. */
  readonly directory: string;
  /**
   * Where {@link directory} came from, written in log lines, messages and string forms instead of
   * the path: a directory under `/home/<name>/` names a person (core's key file reader does the
   * same, docs/logging.md). The default names no one and is written as it is.
   */
  readonly #directoryFrom: 'directory option' | 'DUAL_AUTH_SECRETS_DIR' | `default ${string}`;
  readonly #readFile: ReadSecretFile;
  readonly #logger: Logger;

  constructor(options: FileSecretsBackendOptions = {}) {
    const { env, logger, cache } = resolveBackendOptions(options, 'FileSecretsBackend', {
      optionNames: OWN_OPTIONS,
    });
    super(cache);
    this.#logger = logger;
    const directory = stringSetting(options, 'directory', env, 'DUAL_AUTH_SECRETS_DIR');
    const given = checkOption(options, 'directory', 'string') !== undefined;
    // A blank variable means the default; a blank option would join keys to the working directory.
    if (given && directory === '') {
      throw new ConfigurationError({
        message:
          'directory is blank: pass the folder that holds the secret files (e.g. /run/secrets), ' +
          'or leave it out to read DUAL_AUTH_SECRETS_DIR',
        variable: 'directory',
      });
    }
    this.directory = directory || DEFAULT_SECRETS_DIR;
    this.#directoryFrom = given
      ? 'directory option'
      : directory
        ? 'DUAL_AUTH_SECRETS_DIR'
        : `default ${DEFAULT_SECRETS_DIR}`;
    this.#readFile =
      checkOption<ReadSecretFile>(options, 'readFile', 'function') ?? defaultReadFile;
    this.#logger.info('secrets_backend_initialized', {
      backend: 'file',
      directory_from: this.#directoryFrom,
    });
  }

  protected locateSecret(key: string): SecretLocation {
    if (!FILE_NAME.test(key)) {
      throw new SecretsBackendError({
        message: `Secret key '${key.slice(0, 40)}' cannot name a file: use letters, digits, '.', '_' and '-'`,
        backend: 'file',
        key,
      });
    }
    const path = join(this.directory, key);
    return {
      cacheKey: path,
      fetch: () => this.#fetch(key, path),
      missing: () =>
        new SecretsBackendError({
          message: `Secret file '${key}' not found in the secrets directory (${this.#directoryFrom}).`,
          backend: 'file',
          key,
        }),
    };
  }

  async #fetch(key: string, path: string): Promise<SecretLookup> {
    let text: string;
    try {
      text = await this.#readFile(path, {});
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ENOENT' && (await this.#directoryExists())) {
        return { found: false, reason: 'not-found', cause: error };
      }
      this.#logger.warn('secret_fetch_failed', { backend: 'file', key, error_code: String(code) });
      // No cause: Node's fs errors quote the path; the message carries their code.
      throw new SecretsBackendError({
        message: failureMessage(code, key, this.#directoryFrom),
        backend: 'file',
        key,
      });
    }
    if (text === '') return { found: false, reason: 'empty' };
    this.#logger.debug('secret_fetched', { backend: 'file', key });
    return { found: true, value: text };
  }

  async #directoryExists(): Promise<boolean> {
    try {
      await this.#readFile(this.directory, {});
      return true;
    } catch (error) {
      // Reading a directory as a file fails with EISDIR: the directory is there.
      return codeOf(error) === 'EISDIR';
    }
  }

  toString(): string {
    return `FileSecretsBackend { directory: ${this.#directoryFrom} }`;
  }

  toJSON(): Record<string, unknown> {
    return { backendName: this.backendName, directoryFrom: this.#directoryFrom };
  }
}

function failureMessage(code: unknown, key: string, directoryFrom: string): string {
  if (code === 'ENOENT') {
    return `The secrets directory (${directoryFrom}) does not exist: set DUAL_AUTH_SECRETS_DIR or the directory option to the folder holding the secret files.`;
  }
  if (code === 'EACCES' || code === 'EPERM')
    return `Permission denied reading secret file '${key}'.`;
  if (code === 'EFBIG') {
    return `Secret file '${key}' is larger than ${MAX_SECRET_FILE_BYTES} bytes: a secret is never that large; check what the file holds.`;
  }
  if (code === 'ENOTREGULAR') {
    return `Secret file '${key}' is not a regular file (a device, FIFO or socket); put the secret in a file.`;
  }
  if (code === 'EILSEQ') {
    return `Secret file '${key}' is not UTF-8 text (saved as UTF-16 or Latin-1?): write it as UTF-8, without a byte-order mark (printf '%s' "$SECRET" > ${key}).`;
  }
  return `Secret file '${key}' could not be read: ${String(code ?? 'error')}`;
}
