import { checkOption } from '../config/check-option.js';
import { readEnv } from '../config/read-env.js';
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
   * How long one fetch of a secret from the store may take, in ms (login and retries included);
   * past it the read fails with a `SecretsBackendError` and the next read starts a new fetch
   * instead of waiting on the stalled one. Default 30 000 (30 s).
   */
  cacheLoadTimeoutMs?: number | undefined;
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
 * shares: `env`, `logger`, `clock` and the value cache.
 *
 * @param owner - The class name, for the TypeError when `options` is not an object.
 * @throws TypeError when `options` is not an object or one of these options has the wrong type.
 *
 * @example
 * ```ts
 * import { resolveBackendOptions } from '@dual-auth/core/secrets-kit';
 *
 * const { env, logger, cache } = resolveBackendOptions(options, 'MySecretsBackend');
 * const prefix = options.secretPrefix ?? env.MY_SECRET_PREFIX ?? 'dual-auth/';
 * ```
 */
export function resolveBackendOptions(options: unknown, owner: string): ResolvedBackendOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${owner} options must be an object.`);
  }
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const ttlMs = checkOption(options, 'cacheTtlMs', 'number') ?? DEFAULT_SECRET_CACHE_TTL_MS;
  const loadTimeoutMs =
    checkOption(options, 'cacheLoadTimeoutMs', 'timeoutMs') ?? DEFAULT_SECRET_LOAD_TIMEOUT_MS;
  return {
    env: checkOption<EnvRecord>(options, 'env', 'object') ?? readEnv(),
    logger: loggerOrDefault(checkOption(options, 'logger', 'logger')),
    clock,
    cache: new SecretCache({ ttlMs, loadTimeoutMs, clock }),
  };
}
