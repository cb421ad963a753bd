export {
  type LocalRedisCluster,
  type StartRedisClusterOptions,
  startRedisCluster,
} from './start-redis-cluster.js';
export {
  type LocalRedis,
  type StartRedisServerOptions,
  startRedisServer,
} from './start-redis-server.js';
