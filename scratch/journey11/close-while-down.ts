// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: graceful shutdown during a Redis outage. An agent's SIGTERM handler closes its Redis
// client (createRedisClient) while Redis is down and reconnecting: does close() settle, and does
// the process then exit by itself (no leaked reconnect timer)?
import { createRedisClient, RedisReplayStore } from '@dual-auth/store-redis';
import { startRedisServer } from '@dual-auth/testing';

const redis = await startRedisServer();
const client = createRedisClient({ url: redis.url });
await new RedisReplayStore({ client }).claim('warm', Date.now() + 60_000);
await redis.close();
await new Promise((r) => setTimeout(r, 1500)); // reconnecting now
const t0 = Date.now();
const outcome = await Promise.race([
  client.close().then(
    () => 'close() resolved',
    (e: Error) => `close() rejected: ${e.name}: ${e.message}`,
  ),
  new Promise((r) => setTimeout(() => r('close() still pending after 5 s'), 5000).unref()),
]);
console.log(outcome, `${Date.now() - t0} ms`);
setTimeout(
  () => console.log('ACTIVE after close:', process.getActiveResourcesInfo()),
  3000,
).unref();
const keepAlive = setTimeout(() => {
  console.log('still alive after 4 s:', process.getActiveResourcesInfo());
  process.exit(3);
}, 4000);
keepAlive.unref();
