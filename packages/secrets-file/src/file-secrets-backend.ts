import { readFile as nodeReadFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type KnownOptions, type Logger, SecretsBackendError } from '@dual-auth/core';
import {
  CachedSecretsBackend,
  checkOption,
  resolveBackendOptions,
  type SecretLocation,
  type SecretLookup,
  type SecretsBackendOptions,
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

const defaultReadFile: ReadSecretFile = (path, { signal }) =>
  nodeReadFile(path, { encoding: 'utf8', ...(signal === undefined ? {} : { signal }) });

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
  readonly #readFile: ReadSecretFile;
  readonly #logger: Logger;

  constructor(options: FileSecretsBackendOptions = {}) {
    const { env, logger, cache } = resolveBackendOptions(options, 'FileSecretsBackend', {
      optionNames: OWN_OPTIONS,
    });
    super(cache);
    this.#logger = logger;
    this.directory =
      checkOption(options, 'directory', 'string') ??
      (env.DUAL_AUTH_SECRETS_DIR?.trim() || DEFAULT_SECRETS_DIR);
    this.#readFile =
      checkOption<ReadSecretFile>(options, 'readFile', 'function') ?? defaultReadFile;
    this.#logger.info('secrets_backend_initialized', {
      backend: 'file',
      directory: this.directory,
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
          message: `Secret file '${key}' not found in '${this.directory}'.`,
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
      throw new SecretsBackendError({
        message: failureMessage(code, key, this.directory),
        backend: 'file',
        key,
        cause: error,
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
    return `FileSecretsBackend { directory: '${this.directory}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { backendName: this.backendName, directory: this.directory };
  }
}

function failureMessage(code: unknown, key: string, directory: string): string {
  if (code === 'ENOENT')
    return `Secrets directory '${directory}' does not exist (DUAL_AUTH_SECRETS_DIR).`;
  if (code === 'EACCES' || code === 'EPERM')
    return `Permission denied reading secret file '${key}'.`;
  return `Secret file '${key}' could not be read: ${String(code ?? 'error')}`;
}
