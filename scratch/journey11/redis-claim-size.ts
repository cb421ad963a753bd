// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: bytes per replay claim in Redis, which the docs do not give (they give keys/s ×
// lifetime, and ~150 bytes for the token cache's logout record only). Claims N act-JWT-shaped
// jtis (UUIDs, 60 s + 5 s) through RedisReplayStore and reads INFO memory before and after.
import { randomUUID } from 'node:crypto';
import { createRedisClient, RedisReplayStore } from '@dual-auth/store-redis';
import { startRedisServer } from '@dual-auth/testing';

const N = Number(process.argv[2] ?? 50_000);
const redis = await startRedisServer();
const client = createRedisClient({ url: redis.url });
const store = new RedisReplayStore({ client });
const used = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
await store.claim('warm-up', Date.now() + 65_000);
const before = await used();
const batch = 500;
for (let i = 0; i < N; i += batch) {
  await Promise.all(
    Array.from({ length: batch }, () => store.claim(randomUUID(), Date.now() + 65_000)),
  );
}
const after = await used();
const perKey = (after - before) / N;
console.log(
  JSON.stringify({
    claims: N,
    keys: await client.dbSize(),
    bytesPerClaim: Math.round(perKey),
    sampleMemoryUsage: await client.memoryUsage((await client.keys('dual-auth:replay:*'))[0]!),
  }),
);
console.log(
  '2 000 act JWTs/s × (60 + 5 + 15) s =',
  2000 * 80,
  'keys ≈',
  ((2000 * 80 * perKey) / 1e6).toFixed(1),
  'MB',
);
await client.close();
await redis.close();
