// Latency of a replay claim (plain, bound, partitioned, day-long in a full share), a token lookup and listing a human's tokens: the Redis stores against a local redis-server
// (started here, persistence off) beside core's and session's in-memory stores, in the same run,
// in alternating rounds so a busy machine skews both alike. Not a test: `pnpm bench` prints.
import { createDualSubjectToken, InMemoryReplayStore, type TokenCacheKey } from '@dual-auth/core';
import { InMemoryTokenCache } from '@dual-auth/session';
import { startRedisServer } from '@dual-auth/testing';
import { benchCount } from '../../../tools/bench-kit.ts';
import { createRedisClient, RedisReplayStore, RedisTokenCache } from '../src/index.js';

const ROUNDS = benchCount(5);
const OPS_PER_ROUND = benchCount(2000);

const redis = await startRedisServer();
const client = createRedisClient({ url: redis.url });
await new Promise((resolve) => client.once('ready', resolve));

const key: TokenCacheKey = {
  adapterId: 'keycloak|https://idp.example.com/token|finance-agent',
  agentId: 'finance-agent',
  sub: '3f1c9a4e-user',
  scope: ['finance.read'],
  audience: 'https://api.example.com/finance',
};
const token = createDualSubjectToken({
  accessToken: `eyJ${'a'.repeat(900)}`,
  tokenType: 'Bearer',
  expiresIn: 3600,
  scope: 'finance.read',
  issuedAt: Date.now(),
});
const redisReplay = new RedisReplayStore({ client });
// A busy agent's share, full: each day-long claim forgets the one expiring first. Their expiries
// 20 s apart, past the clock skew, as proofs dated a later second are (docs/dpop.md).
const fullShare = new RedisReplayStore({ client, maxLongClaimsPerPartition: 1000 });
const memoryReplay = new InMemoryReplayStore({ maxEntries: 10_000_000 });
const redisCache = new RedisTokenCache({
  client,
  encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
});
const memoryCache = new InMemoryTokenCache();
await Promise.all([redisCache.set(key, token), memoryCache.set(key, token)]);
// One human with ten tokens (ten scopes), as endDelegation lists them before revoking.
const busy = { ...key, sub: 'busy-user' };
for (let i = 0; i < 10; i += 1) {
  const scoped = { ...busy, scope: [`scope-${i}`] };
  await Promise.all([redisCache.set(scoped, token), memoryCache.set(scoped, token)]);
}

let jti = 0;
const exp = () => Date.now() + 300_000;
const tasks: Record<string, () => Promise<unknown>> = {
  'claim (in-memory)': () => memoryReplay.claim(`j-${jti++}`, exp()),
  'claim (Redis)': () => redisReplay.claim(`j-${jti++}`, exp()),
  'bound claim (in-memory)': () => memoryReplay.claim(`j-${jti++}`, exp(), { binding: 'digest' }),
  'bound claim (Redis, Lua)': () => redisReplay.claim(`j-${jti++}`, exp(), { binding: 'digest' }),
  'partitioned claim (Redis)': () => redisReplay.claim(`j-${jti++}`, exp(), { partition: 'agent' }),
  'day-long, share full (Redis)': () =>
    fullShare.claim(`j-${jti}`, exp() + 86_400_000 + jti++ * 20_000, { partition: 'busy-agent' }),
  'raw SET NX PX (baseline)': () =>
    client.set(`raw-${jti++}`, 'u', {
      condition: 'NX',
      expiration: { type: 'PX', value: 300_000 },
    }),
  'lookup (in-memory)': () => memoryCache.get(key),
  'raw GET (baseline)': () => client.get('raw-0'),
  'lookup (Redis, AES-GCM)': () => redisCache.get(key),
  'list 10 (in-memory)': () => memoryCache.tokensOf(busy.sub, busy.adapterId),
  'list 10 (Redis, tokensOf)': () => redisCache.tokensOf(busy.sub, busy.adapterId),
};

const samples = new Map<string, number[]>(Object.keys(tasks).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  const names = Object.keys(tasks);
  for (const name of round % 2 === 0 ? names : names.reverse()) {
    const task = tasks[name] as () => Promise<unknown>;
    const times = samples.get(name) as number[];
    for (let i = 0; i < OPS_PER_ROUND; i += 1) {
      const start = performance.now();
      await task();
      times.push(performance.now() - start);
    }
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
console.log(
  `store latency, ${ROUNDS} rounds × ${OPS_PER_ROUND} sequential ops, redis-server on loopback`,
);
console.log('operation                    median µs     p99 µs');
for (const [name, times] of samples) {
  const sorted = [...times].sort((a, b) => a - b);
  const median = (percentile(sorted, 0.5) * 1000).toFixed(1).padStart(9);
  const p99 = (percentile(sorted, 0.99) * 1000).toFixed(1).padStart(10);
  console.log(`${name.padEnd(27)} ${median} ${p99}`);
}

await client.close();
await redis.close();
