export {
  type CreateRedisClientOptions,
  createRedisClient,
  type StoreRedisClient,
} from './create-redis-client.js';
export type { NodeRedisClient } from './redis-commands.js';
export {
  RedisDelegationCutoffStore,
  type RedisDelegationCutoffStoreOptions,
} from './redis-delegation-cutoff-store.js';
export { RedisReplayStore, type RedisReplayStoreOptions } from './redis-replay-store.js';
export { RedisTokenCache, type RedisTokenCacheOptions } from './redis-token-cache.js';
export type { RedisSecurityStoreOptions, RedisStoreOptions } from './store-options.js';
export type { EncryptionKey } from './token-cipher.js';
