// Warm token-cache lookups against an async Map.get on the same machine in the same run, and
// replay-store claims on an empty and on a full store. Not a test: run with `pnpm bench`.
import {
  createDualSubjectToken,
  type IamAdapter,
  InMemoryReplayStore,
  SPECIFICATION_VERSION,
} from '@dual-auth/core';
import { compareToBaseline, formatComparison, opsPerSecond } from '../../../tools/bench-kit.ts';
import { InSessionTokenRequest, SingleFlightTokenCache } from '../src/index.js';

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
const request = { agentId: 'agent', act: { sub: 'u-1' }, scope: ['finance.read'] };
const fetcher = () => adapter.requestToken(request);
// A new key object per lookup, as the request classes build one per call.
const keyOf = (sub: string) => ({
  adapterId: 'bench',
  agentId: 'agent',
  sub,
  scope: ['finance.read'],
  audience: 'api',
  actDigest: '',
});
for (let i = 1; i <= 1000; i += 1) await cache.getOrRequest(keyOf(`u-${i}`), fetcher);
await inSession.requestToken(request);

const map = new Map([[JSON.stringify(['bench', 'agent', 'u-1']), 'token']]);
const mapGet = async () => map.get(JSON.stringify(['bench', 'agent', 'u-1']));
// The baseline of issue #18: an async function around a Map.get of a ready string key.
const plainMap = new Map([['bench|agent|u-1', 'token']]);
const asyncMapGet = async () => plainMap.get('bench|agent|u-1');
const cacheLookup = async () => cache.getOrRequest(keyOf('u-1'), fetcher);

// The machine may be shared: short rounds in alternating order, and the median ratio of rounds.
const lookup = await compareToBaseline(asyncMapGet, cacheLookup, {
  verdict: (cached) => {
    if (cached === undefined) throw new Error('the warm cache did not answer the token');
  },
});

const empty = new InMemoryReplayStore({ maxEntries: 100_000 });
const full = new InMemoryReplayStore({ maxEntries: 100_000 });
for (let i = 0; i < 100_000; i += 1) await full.claim(`fill-${i}`, Date.now() + 300_000);
let jti = 0;
const claims = await compareToBaseline(
  async () => empty.claim(`e-${++jti}`, Date.now() + 300_000),
  async () => full.claim(`f-${++jti}`, Date.now() + 300_000),
  {
    verdict: (claimed) => {
      if (!claimed) throw new Error('a full replay store refused a new jti');
    },
  },
);

let turn = 0;
const others = await opsPerSecond(
  {
    'async Map.get with a JSON key': mapGet,
    'SingleFlightTokenCache warm lookup, 1 000 humans in turn': async () =>
      cache.getOrRequest(keyOf(`u-${(turn++ % 1000) + 1}`), fetcher),
    'InSessionTokenRequest.requestToken warm': async () => inSession.requestToken(request),
  },
  1000,
);

console.table([
  { task: 'async Map.get (baseline), median of rounds', 'ops/s': Math.round(lookup.baselineOps) },
  { task: 'SingleFlightTokenCache warm lookup, median', 'ops/s': Math.round(lookup.oursOps) },
  ...[...others].map(([task, ops]) => ({ task, 'ops/s': Math.round(ops) })),
  { task: 'InMemoryReplayStore.claim, empty store', 'ops/s': Math.round(claims.baselineOps) },
  { task: 'InMemoryReplayStore.claim, full (100 000)', 'ops/s': Math.round(claims.oursOps) },
]);
console.log(formatComparison('warm-cache lookup / async Map.get', lookup));
console.log(formatComparison('replay claim on a full store / on an empty one', claims));
