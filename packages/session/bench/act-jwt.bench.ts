// Throughput of act-JWT verification relative to raw jose.jwtVerify on the same key and token,
// and of warm token-cache lookups. Not a test: run with `pnpm bench` in packages/session.
import {
  createDualSubjectToken,
  type IamAdapter,
  type ReplayStore,
  SPECIFICATION_VERSION,
} from '@dual-auth/core';
import { generateKeyPair, jwtVerify } from 'jose';
import { Bench } from 'tinybench';
import {
  ActJwtVerifier,
  HybridSender,
  InMemoryReplayStore,
  InSessionTokenRequest,
  SingleFlightTokenCache,
} from '../src/index.js';

const AUD = 'https://agent.example.com/invoke';
const { privateKey, publicKey } = await generateKeyPair('RS256');
const sender = new HybridSender({ privateKey, includeEmail: true });
const token = await sender.prepareOutOfSessionAct({
  act: { sub: 'u-1', email: 'alice@example.com' },
  agentEndpoint: AUD,
});

// One token verified again and again: the replay check is measured on its own below, so here
// the store accepts every jti.
const acceptAll: ReplayStore = { claim: async () => true };
const verifier = new ActJwtVerifier({ publicKey, expectedAudience: AUD, replayStore: acceptAll });
const replayStore = new InMemoryReplayStore({ maxEntries: 10_000_000 });
let jti = 0;

const adapter: IamAdapter = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'keycloak',
  id: 'bench',
  audience: 'api',
  requestToken: async ({ scope }) =>
    createDualSubjectToken({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: scope.join(' '),
      issuedAt: Date.now(),
    }),
};
const cache = new SingleFlightTokenCache();
const inSession = new InSessionTokenRequest({ adapter, cache });
const cacheKey = {
  adapterId: 'bench',
  agentId: 'agent',
  sub: 'u-1',
  scope: ['finance.read'],
  audience: 'api',
};
const fetcher = () =>
  adapter.requestToken({ agentId: 'agent', act: { sub: 'u-1' }, scope: ['finance.read'] });
const request = { agentId: 'agent', act: { sub: 'u-1' }, scope: ['finance.read'] };
await inSession.requestToken(request);
await cache.getOrRequest(cacheKey, fetcher);

const rawVerify = async () => {
  await jwtVerify(token, publicKey, { algorithms: ['RS256'], audience: AUD });
};
const oursVerify = async () => {
  await verifier.verify(token);
};

async function opsPerSecond(tasks: Record<string, () => Promise<void>>, time: number) {
  const bench = new Bench({ time, warmupTime: 100 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const result = new Map<string, number>();
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state}`);
    result.set(task.name, 1000 / task.result.period);
  }
  return result;
}

// The machine may be shared: short rounds in alternating order, and the median ratio of rounds.
const ROUNDS = 7;
const ratios: number[] = [];
const rawRuns: number[] = [];
const ourRuns: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const tasks =
    round % 2 === 0 ? { raw: rawVerify, ours: oursVerify } : { ours: oursVerify, raw: rawVerify };
  const ops = await opsPerSecond(tasks, 400);
  const raw = ops.get('raw') ?? Number.NaN;
  const ours = ops.get('ours') ?? Number.NaN;
  rawRuns.push(raw);
  ourRuns.push(ours);
  ratios.push(ours / raw);
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const lookups = await opsPerSecond(
  {
    'InMemoryReplayStore.claim (new jti)': async () => {
      jti += 1;
      await replayStore.claim(`jti-${jti}`, Date.now() + 300_000);
    },
    'SingleFlightTokenCache warm lookup': async () => {
      await cache.getOrRequest(cacheKey, fetcher);
    },
    'InSessionTokenRequest.requestToken warm': async () => {
      await inSession.requestToken(request);
    },
  },
  1000,
);

console.table([
  { task: 'raw jose.jwtVerify (RS256), median of rounds', 'ops/s': Math.round(median(rawRuns)) },
  {
    task: 'ActJwtVerifier.verify (RS256, all checks), median',
    'ops/s': Math.round(median(ourRuns)),
  },
  ...[...lookups].map(([task, ops]) => ({ task, 'ops/s': Math.round(ops) })),
]);
console.log(
  `act-JWT verify / raw jose.jwtVerify = ${median(ratios).toFixed(2)} (median of ${ROUNDS} rounds; same key, same token; per round: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
);
console.log(
  `warm-cache lookup: ${Math.round(lookups.get('SingleFlightTokenCache warm lookup') ?? 0)} ops/s`,
);
