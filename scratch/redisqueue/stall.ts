// biome-ignore-all lint/suspicious/noConsole: a measurement script reports on stdout
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: settings come from the environment
// Open-loop load on the Redis stores while redis-server is frozen (SIGSTOP): replay claims,
// cut-off reads and token-cache lookups sent by a timer at RATE calls/s whatever Redis's pace,
// each bounded by the stores' timeoutMs (1 s). Samples every 500 ms: heap used, RSS, node-redis
// commands sent and not settled (diagnostics_channel `node-redis:command`), store calls under way.
// Usage: node --expose-gc tools/run-source.mjs scratch/redisqueue/stall.ts (Node 24: node_modules/.bin/node)
// STALL_S=5|30, RATE (calls/s), MAX_PENDING (the stores' maxPendingCommands), NODE_QUEUE (node-redis's
// commandsQueueMaxLength, for comparison). The drill beside a CPU hog: `node -e 'for(;;){}' &`.
import { tracingChannel } from 'node:diagnostics_channel';
import { createDualSubjectToken, type TokenCacheKey } from '../../packages/core/src/index.ts';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisReplayStore,
  RedisTokenCache,
} from '../../packages/store-redis/src/index.ts';
import { startRedisServer } from '../../packages/testing/src/index.ts';

const STALL_S = Number(process.env.STALL_S ?? 5);
const RATE = Number(process.env.RATE ?? 5000);
const NODE_QUEUE =
  process.env.NODE_QUEUE === undefined ? undefined : Number(process.env.NODE_QUEUE);
const MAX_PENDING =
  process.env.MAX_PENDING === undefined
    ? {}
    : { maxPendingCommands: Number(process.env.MAX_PENDING) };
const TICK_MS = 10;

let commandsPending = 0;
tracingChannel('node-redis:command').subscribe({
  start() {
    commandsPending += 1;
  },
  asyncEnd() {
    commandsPending -= 1;
  },
  end() {},
  asyncStart() {},
  error() {},
});

const redis = await startRedisServer();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const lines = new Map<string, number>();
const logger = {
  ...quiet,
  warn(event: string, fields?: Record<string, unknown>) {
    const k = `${event} ${fields?.cause ?? ''} ${fields?.error_type ?? ''}`.trim();
    lines.set(k, (lines.get(k) ?? 0) + 1);
  },
};
const client = createRedisClient({
  url: redis.url,
  logger,
  ...(NODE_QUEUE === undefined ? {} : { clientOptions: { commandsQueueMaxLength: NODE_QUEUE } }),
});
await new Promise((resolve) => client.once('ready', resolve));
const replay = new RedisReplayStore({ client, logger, ...MAX_PENDING });
const cutoffs = new RedisDelegationCutoffStore({ client, logger, ...MAX_PENDING });
const cache = new RedisTokenCache({
  client,
  logger,
  ...MAX_PENDING,
  encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
});
const agentId = 'stall-agent';
const key: TokenCacheKey = {
  adapterId: `keycloak|https://idp.example.com/token|${agentId}`,
  agentId,
  sub: 'stall-user',
  scope: ['orders.read'],
  audience: 'https://api.example.com/orders',
};
await cache.set(
  key,
  createDualSubjectToken({
    accessToken: `eyJ${'a'.repeat(900)}`,
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt: Date.now(),
  }),
);

let n = 0;
let underWay = 0;
const outcomes = new Map<string, number>();
const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
const call = (p: Promise<unknown>) => {
  underWay += 1;
  p.then(
    () => count('ok'),
    (e: Error) =>
      count(
        `${e.name}:${(e as { reason?: string }).reason ?? ''}:${/maxPendingCommands|did not answer|failed/.exec(e.message)?.[0] ?? e.message.slice(0, 40)}`,
      ),
  ).finally(() => {
    underWay -= 1;
  });
};
const load = setInterval(() => {
  for (let i = 0; i < (RATE * TICK_MS) / 1000; i += 1) {
    n += 1;
    const r = n % 10;
    if (r < 6) call(replay.claim(`jti-${n}-${'x'.repeat(20)}`, Date.now() + 300_000));
    else if (r < 9) call(cutoffs.cutoffOf(`human-${n % 1000}`));
    else call(cache.get(key));
  }
}, TICK_MS);

const t0 = performance.now();
let phase = 'warm';
const peaks = new Map<string, { heap: number; rss: number; pending: number; underWay: number }>();
const sample = setInterval(() => {
  const m = process.memoryUsage();
  const p = peaks.get(phase) ?? { heap: 0, rss: 0, pending: 0, underWay: 0 };
  p.heap = Math.max(p.heap, m.heapUsed);
  p.rss = Math.max(p.rss, m.rss);
  p.pending = Math.max(p.pending, commandsPending);
  p.underWay = Math.max(p.underWay, underWay);
  peaks.set(phase, p);
  console.log(
    `${((performance.now() - t0) / 1000).toFixed(1)}s ${phase} heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MiB rss ${(m.rss / 2 ** 20).toFixed(1)} MiB commands pending ${commandsPending} calls under way ${underWay} ready ${client.isReady}`,
  );
}, 500);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await sleep(5000);
globalThis.gc?.();
console.log(`before stall, gc: heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`);
phase = 'stalled';
redis.pause();
const liveHeap = (at: string) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  console.log(
    `${at}, gc: heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MiB rss ${(m.rss / 2 ** 20).toFixed(1)} MiB commands pending ${commandsPending}`,
  );
};
await sleep(Math.min(STALL_S, 9.5) * 1000 - 500);
liveHeap('stall + 9 s');
await sleep(STALL_S * 1000 - Math.min(STALL_S, 9.5) * 1000 + 500);
globalThis.gc?.();
const live = process.memoryUsage();
console.log(
  `end of stall, gc: heap ${(live.heapUsed / 2 ** 20).toFixed(1)} MiB rss ${(live.rss / 2 ** 20).toFixed(1)} MiB commands pending ${commandsPending}`,
);
phase = 'resumed';
redis.resume();
const resumedAt = performance.now();
const before = outcomes.get('ok') ?? 0;
while ((outcomes.get('ok') ?? 0) === before) await sleep(10);
console.log(`first call answered ${Math.round(performance.now() - resumedAt)} ms after SIGCONT`);
await sleep(10_000);
clearInterval(load);
phase = 'after';
await sleep(2000);
clearInterval(sample);
globalThis.gc?.();
const m = process.memoryUsage();
console.log(
  `after load, gc: heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MiB rss ${(m.rss / 2 ** 20).toFixed(1)} MiB commands pending ${commandsPending}`,
);
for (const [k, p] of peaks) {
  console.log(
    `peak ${k}: heap ${(p.heap / 2 ** 20).toFixed(1)} MiB rss ${(p.rss / 2 ** 20).toFixed(1)} MiB commands pending ${p.pending} calls under way ${p.underWay}`,
  );
}
console.log('calls', n, Object.fromEntries(outcomes));
console.log('log lines', Object.fromEntries(lines));
await client.close();
await redis.close();
