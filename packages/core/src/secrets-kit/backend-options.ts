import { checkOption } from '../config/check-option.js';
import { readEnv } from '../config/read-env.js';
import { type KnownOptions, refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { EnvRecord, PluginOptions } from '../contracts/plugin-modules.js';
import { loggerOrDefault } from '../logging/default-logger.js';
import {
  DEFAULT_SECRET_CACHE_TTL_MS,
  DEFAULT_SECRET_LOAD_TIMEOUT_MS,
  SecretCache,
} from './secret-cache.js';

/** What every cloud secrets backend accepts besides its own settings. */
export interface SecretsBackendOptions extends PluginOptions {
  /** How long a fetched value is served from memory, in ms. Default 300 000 (5 min); 0 = no cache. */
  cacheTtlMs?: number | undefined;
  /**
   * How long one fetch of a secret from the store may take, in ms (credentials, login and retries
   * included); past it the read fails with a `SecretsBackendError` and the next read starts a new
   * fetch instead of waiting on the stalled one. Default: derived by each backend from its own
   * timeouts (its README says how), so it never cuts a read they allow; 30 000 (30 s) for a backend
   * that derives none.
   */
  cacheLoadTimeoutMs?: number | undefined;
}

/** The option names of {@link SecretsBackendOptions}, which every backend takes. */
const SHARED_OPTIONS = {
  env: true,
  logger: true,
  clock: true,
  fetch: true,
  cacheTtlMs: true,
  cacheLoadTimeoutMs: true,
} as const satisfies KnownOptions<SecretsBackendOptions>;

/**
 * A backend's own defaults of the shared settings, and its own option names:
 * {@link resolveBackendOptions}'s third argument.
 */
export interface BackendDefaults {
  /**
   * The backend's `cacheLoadTimeoutMs` when the caller sets none, in ms: what its reads may take at
   * worst by its own timeouts (`deriveLoadTimeoutMs`). Default 30 000.
   */
  readonly cacheLoadTimeoutMs?: number | undefined;
  /**
   * The backend's own option names, beside those of {@link SecretsBackendOptions}: every other key
   * of the options is refused. Declare them in one object the compiler checks against the options
   * type: `{ region: true } as const satisfies KnownOptions<Omit<MyOptions, keyof SecretsBackendOptions>>`.
   * Default none.
   */
  readonly optionNames?: Readonly<Record<string, true>> | undefined;
}

/** The settings {@link resolveBackendOptions} resolved, defaults filled in. */
export interface ResolvedBackendOptions {
  /** `options.env`, else the process environment read now ({@link readEnv}). */
  readonly env: EnvRecord;
  /** `options.logger`, else a logger that says nothing. */
  readonly logger: Logger;
  /** `options.clock`, else the system clock. */
  readonly clock: Clock;
  /** A cache with `options.cacheTtlMs` and `options.cacheLoadTimeoutMs` on that clock. */
  readonly cache: SecretCache;
}

/**
 * Checks the options object of a backend's constructor and resolves the settings every backend
 * shares: `env`, `logger`, `clock` and the value cache. Options are read as own properties only, and
 * a key that is neither a {@link SecretsBackendOptions} name nor one of `defaults.optionNames` is
 * refused, so a misspelled `cacheTtlMs` does not silently keep the 5 min cache.
 *
 * @param owner - The class name, for the TypeErrors (`new <owner>: cacheTtl is not an option …`);
 *   default `SecretsBackend`.
 * @param defaults - The backend's own defaults (its `cacheLoadTimeoutMs`, from its timeouts) and
 *   option names.
 * @throws TypeError when `options` is not an object, one of these options has the wrong type, or a
 *   key is not an option (the message names the option meant when one is near).
 *
 * @example
 * ```ts
 * import { deriveLoadTimeoutMs, resolveBackendOptions } from '@dual-auth/core/secrets-kit';
 *
 * const cacheLoadTimeoutMs = deriveLoadTimeoutMs({ requests: 1, timeoutMs: 10_000 });
 * const { env, logger, cache } = resolveBackendOptions(options, 'MySecretsBackend', {
 *   cacheLoadTimeoutMs,
 *   optionNames: { secretPrefix: true },
 * });
 * const prefix = options.secretPrefix ?? env.MY_SECRET_PREFIX ?? 'dual-auth/';
 * ```
 */
export function resolveBackendOptions(
  options: unknown,
  owner = 'SecretsBackend',
  defaults: BackendDefaults = {},
): ResolvedBackendOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${owner} options must be an object.`);
  }
  refuseUnknownOptions(options, { ...SHARED_OPTIONS, ...defaults.optionNames }, `new ${owner}`);
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const ttlMs = checkOption(options, 'cacheTtlMs', 'number') ?? DEFAULT_SECRET_CACHE_TTL_MS;
  const loadTimeoutMs =
    checkOption(options, 'cacheLoadTimeoutMs', 'timeoutMs') ??
    defaults.cacheLoadTimeoutMs ??
    DEFAULT_SECRET_LOAD_TIMEOUT_MS;
  return {
    env: checkOption<EnvRecord>(options, 'env', 'object') ?? readEnv(),
    logger: loggerOrDefault(checkOption(options, 'logger', 'logger')),
    clock,
    cache: new SecretCache({ ttlMs, loadTimeoutMs, clock }),
  };
}
