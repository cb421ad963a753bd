// Throughput of act-JWT verification relative to raw jose.jwtVerify on the same key and token,
// and of warm token-cache lookups. Not a test: run with `pnpm bench` in packages/session.
import {
  createDualSubjectToken,
  type IamAdapter,
  type ReplayStore,
  SPECIFICATION_VERSION,
} from '@dual-auth/core';
import { generateKeyPair, jwtVerify } from 'jose';
import { compareToBaseline, formatComparison, opsPerSecond } from '../../../tools/bench-kit.ts';
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

// The machine may be shared: short rounds in alternating order, and the median ratio of rounds.
const verify = await compareToBaseline(rawVerify, oursVerify);

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
  { task: 'raw jose.jwtVerify (RS256), median of rounds', 'ops/s': Math.round(verify.baselineOps) },
  {
    task: 'ActJwtVerifier.verify (RS256, all checks), median',
    'ops/s': Math.round(verify.oursOps),
  },
  ...[...lookups].map(([task, ops]) => ({ task, 'ops/s': Math.round(ops) })),
]);
console.log(formatComparison('act-JWT verify / raw jose.jwtVerify (same key, same token)', verify));
console.log(
  `warm-cache lookup: ${Math.round(lookups.get('SingleFlightTokenCache warm lookup') ?? 0)} ops/s`,
);
