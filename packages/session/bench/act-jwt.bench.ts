// Throughput of act-JWT verification relative to raw jose.jwtVerify on the same key and token.
// Token-cache lookups and replay claims: token-cache.bench.ts. Not a test: run with `pnpm bench`.
import type { ReplayStore } from '@dual-auth/core';
import { generateKeyPair, jwtVerify } from 'jose';
import { compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import { ActJwtVerifier, HybridSender } from '../src/index.js';

const AUD = 'https://agent.example.com/invoke';
const { privateKey, publicKey } = await generateKeyPair('RS256');
const sender = new HybridSender({ privateKey, includeEmail: true });
const token = await sender.prepareOutOfSessionAct({
  act: { sub: 'u-1', email: 'alice@example.com' },
  agentEndpoint: AUD,
});

// One token verified again and again: replay claims are measured in token-cache.bench.ts, so here
// the store accepts every jti.
const acceptAll: ReplayStore = { claim: async () => true };
const verifier = new ActJwtVerifier({ publicKey, expectedAudience: AUD, replayStore: acceptAll });

const rawVerify = async () => {
  await jwtVerify(token, publicKey, { algorithms: ['RS256'], audience: AUD });
};
const oursVerify = async () => {
  await verifier.verify(token);
};

// The machine may be shared: short rounds in alternating order, and the median ratio of rounds.
const verify = await compareToBaseline(rawVerify, oursVerify);

console.table([
  { task: 'raw jose.jwtVerify (RS256), median of rounds', 'ops/s': Math.round(verify.baselineOps) },
  {
    task: 'ActJwtVerifier.verify (RS256, all checks), median',
    'ops/s': Math.round(verify.oursOps),
  },
]);
console.log(formatComparison('act-JWT verify / raw jose.jwtVerify (same key, same token)', verify));
