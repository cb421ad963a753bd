import type { GetSecretOptions, JsonSecret, SecretsBackend } from '../contracts/secrets-backend.js';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { SecretsBackendError, type SecretsBackendName } from '../errors/secrets-backend-error.js';
import { defineInspect } from '../redaction/define-inspect.js';
import { checkGetSecretArgs } from './check-get-secret-args.js';
import { parseJsonSecret } from './parse-json-secret.js';
import type { SecretCache, SecretLookup, SecretMiss } from './secret-cache.js';
import { secretValue } from './secret-value.js';

/** Where a backend finds one key: what {@link CachedSecretsBackend.locateSecret} returns. */
export interface SecretLocation {
  /** The cache entry of the key: the store's name for it, so two keys naming one secret share it. */
  readonly cacheKey: string;
  /** Reads the secret from the store; a miss is a lookup, any other failure is thrown. */
  fetch(): Promise<SecretLookup>;
  /** The error a required read throws for a miss (a `SecretsBackendError` naming the key). */
  missing(miss: SecretMiss): Error;
}

/**
 * The `getSecret` every cloud secrets backend shares: argument checks (TypeErrors), the
 * single-flight TTL cache, and `required` applied to misses only; and `getJsonSecret` on top of it. A backend says where a key lives
 * ({@link locateSecret}) and how it prints itself (`toString`, `toJSON`, which must hold no value
 * or credential); `util.inspect` shows `toString()`.
 *
 * @example
 * ```ts
 * import {
 *   CachedSecretsBackend,
 *   resolveBackendOptions,
 *   type SecretLocation,
 * } from '@dual-auth/core/secrets-kit';
 *
 * class MySecretsBackend extends CachedSecretsBackend {
 *   readonly backendName = 'vault' as const;
 *   constructor(options = {}) {
 *     super(resolveBackendOptions(options, 'MySecretsBackend').cache);
 *   }
 *   protected locateSecret(key: string): SecretLocation {
 *     return {
 *       cacheKey: key,
 *       fetch: async () => ({ found: true, value: 'from the store' }),
 *       missing: () => new Error(`${key} not found`),
 *     };
 *   }
 *   toString(): string {
 *     return 'MySecretsBackend {}';
 *   }
 *   toJSON(): Record<string, unknown> {
 *     return { backendName: this.backendName };
 *   }
 * }
 * ```
 */
export abstract class CachedSecretsBackend implements SecretsBackend {
  readonly specificationVersion = SPECIFICATION_VERSION;
  abstract readonly backendName: SecretsBackendName;
  readonly #cache: SecretCache;

  protected constructor(cache: SecretCache) {
    this.#cache = cache;
    defineInspect(this, () => this.toString());
  }

  getSecret(key: string, options?: GetSecretOptions & { required?: true }): Promise<string>;
  getSecret(key: string, options: GetSecretOptions): Promise<string | undefined>;
  /**
   * The value of `key`; with `required: false`, `undefined` when the secret does not exist.
   *
   * @throws SecretsBackendError when the store fails, or when its fetch has not finished within
   * the cache's `loadTimeoutMs` (the backend's `cacheLoadTimeoutMs` option; the next read tries
   * again).
   */
  async getSecret(key: string, options: GetSecretOptions = {}): Promise<string | undefined> {
    const { required, signal } = checkGetSecretArgs(key, options);
    const location = this.locateSecret(key);
    const lookup = await this.#cache.get(
      location.cacheKey,
      () => location.fetch(),
      signal,
      (loadTimeoutMs) => this.#loadTimedOut(key, loadTimeoutMs),
    );
    return secretValue(lookup, required, (miss) => location.missing(miss));
  }

  getJsonSecret(key: string, options?: GetSecretOptions & { required?: true }): Promise<JsonSecret>;
  getJsonSecret(key: string, options: GetSecretOptions): Promise<JsonSecret | undefined>;
  /**
   * The value of `key` parsed as a JSON object (the reference's `get_json_secret`); with
   * `required: false`, `undefined` when the secret does not exist.
   *
   * @throws SecretsBackendError (`Secret '<key>' of the <backend> backend contains invalid JSON:
   * SyntaxError`) that never quotes the value.
   */
  async getJsonSecret(
    key: string,
    options: GetSecretOptions = {},
  ): Promise<JsonSecret | undefined> {
    const value = await this.getSecret(key, options);
    if (value === undefined) return undefined;
    const subject = `Secret '${key}' of the ${this.backendName} backend`;
    return parseJsonSecret(value, { backend: this.backendName, key, subject });
  }

  #loadTimedOut(key: string, loadTimeoutMs: number): SecretsBackendError {
    return new SecretsBackendError({
      message: `Reading '${key}' from the ${this.backendName} backend did not finish within ${loadTimeoutMs} ms; gave up.`,
      backend: this.backendName,
      key,
      hint: 'The store, its credentials (a token endpoint, a login) or the network path to them stalled; the next read tries again. Check the store and the credentials, or raise the cacheLoadTimeoutMs option.',
    });
  }

  /** Where `key` lives; throws a `SecretsBackendError` for a key the store cannot name. */
  protected abstract locateSecret(key: string): SecretLocation;

  /** Forgets every cached value, so the next reads go to the store. */
  protected forgetCachedSecrets(): void {
    this.#cache.clear();
  }

  /** A one-line description without any value or credential. */
  abstract toString(): string;

  /** The backend's settings without any value or credential. */
  abstract toJSON(): Record<string, unknown>;
}
