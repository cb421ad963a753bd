import { StoreUnavailableError } from '@dual-auth/core';
import {
  type NodeRedisClient,
  RedisDelegationCutoffStore,
  type RedisDelegationCutoffStoreOptions,
  RedisReplayStore,
  type RedisReplayStoreOptions,
  RedisTokenCache,
  type RedisTokenCacheOptions,
} from '../../src/index.js';

// These tests check what is stored, not timeouts, on a healthy Redis. Under load (a full CI beside
// a second CI and CPU hogs) Redis took longer than the stores' default 1 s to answer and they
// flaked; a test of timeouts or outages passes its own short `timeoutMs`.
/**
 * The `timeoutMs` of the stores of {@link replayStoreFor}, {@link cutoffStoreFor} and
 * {@link tokenCacheFor}: as long as a test may wait.
 */
export const STORAGE_TEST_TIMEOUT_MS = 30_000;

/**
 * The `maxClockSkewMs` of a test whose injected clock moves hours or days off Redis's `TIME` (a
 * jump, a day-long claim's last hour): a year, the most the option takes. Tests of the skew limit
 * itself use the default.
 */
export const FAR_CLOCK_ALLOWANCE_MS = 365 * 86_400_000;

/** `options` on `client`, with {@link STORAGE_TEST_TIMEOUT_MS} unless they give a `timeoutMs`. */
function onClient<T extends { timeoutMs?: number | undefined }>(
  client: NodeRedisClient,
  options: T,
): T & { client: NodeRedisClient; timeoutMs: number } {
  return { ...options, client, timeoutMs: options.timeoutMs ?? STORAGE_TEST_TIMEOUT_MS };
}

/**
 * A {@link RedisReplayStore} on `client`, given {@link STORAGE_TEST_TIMEOUT_MS} unless `options`
 * says.
 */
export function replayStoreFor(
  client: NodeRedisClient,
  options: Omit<RedisReplayStoreOptions, 'client'> = {},
): RedisReplayStore {
  return new RedisReplayStore(onClient(client, options));
}

/**
 * A {@link RedisDelegationCutoffStore} on `client`, given {@link STORAGE_TEST_TIMEOUT_MS} unless
 * `options` says.
 */
export function cutoffStoreFor(
  client: NodeRedisClient,
  options: Omit<RedisDelegationCutoffStoreOptions, 'client'> = {},
): RedisDelegationCutoffStore {
  return new RedisDelegationCutoffStore(onClient(client, options));
}

/**
 * A {@link RedisTokenCache} on `client`, given {@link STORAGE_TEST_TIMEOUT_MS} unless `options`
 * says.
 */
export function tokenCacheFor(
  client: NodeRedisClient,
  options: Omit<RedisTokenCacheOptions, 'client'>,
): RedisTokenCache {
  return new RedisTokenCache(onClient(client, options));
}

/**
 * What `call` gives once Redis answers it within its store's `timeoutMs`: tried again, as a
 * caller would, while it fails with that timeout, for {@link STORAGE_TEST_TIMEOUT_MS} at most.
 * For a call a test needs to succeed on a store whose short `timeoutMs` it tests elsewhere (the
 * same store must make both): a loaded machine can take longer than that to answer.
 *
 * @throws what `call` throws otherwise, or its timeout once that time has passed.
 */
export async function whenAnswered<T>(call: () => Promise<T>): Promise<T> {
  const end = performance.now() + STORAGE_TEST_TIMEOUT_MS;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const timedOut =
        StoreUnavailableError.isInstance(error) && error.message.includes('within timeoutMs');
      if (!timedOut || performance.now() > end) throw error;
    }
  }
}
