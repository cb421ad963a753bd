// Throughput of act-JWT verification (ActJwtVerifier.verify, every check) against baselines
// measured in the same run, in short alternating rounds (median of the per-round ratios):
// - raw jose.jwtVerify with the same key and token;
// - RS256 only: the Python reference itself (PyJWT decode + jti set + act check, python-reference.ts)
//   verifying the same distinct tokens in a persistent child process, one request per batch;
// - node:crypto's synchronous verify with a cached KeyObject, plus the payload's JSON.parse: a
//   stand-in that checks nothing else — the ceiling a JS verifier can reach on this machine;
// - 64 verifications in flight against raw Web Crypto (crypto.subtle.verify) doing the same, and
//   (not a target) against Web Crypto with the per-token work of the sequential stand-in above:
//   the token split, its signature and signing input decoded, the payload's JSON.parse.
// RS256, ES256 and EdDSA alike, each also by CPU time per call, sequential and 64 in flight (all
// threads of the process: robust on a shared machine, where the scheduler favours a thread-pool
// hop over a synchronous verify in wall-clock throughput).
// Token-cache lookups and replay claims: token-cache.bench.ts. Not a test: run with `pnpm bench`
// in packages/session.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { InMemoryReplayStore } from '@dual-auth/core';
import { base64url, exportSPKI, jwtVerify } from 'jose';
import {
  benchCount,
  type Comparison,
  compareCpuCost,
  compareToBaseline,
  formatComparison,
} from '../../../tools/bench-kit.ts';
import { ActJwtVerifier, type HybridSender, type VerifiedActJwt } from '../src/index.js';
import { AUD, actJwtSetup } from './act-jwt-setup.ts';
import {
  type NotMeasured,
  type PythonReference,
  startPythonReference,
} from './python-reference.ts';

const IN_FLIGHT = 64;
// Distinct tokens (distinct jti) verified per request to the Python child: the pipe round trip
// (tens of µs) is then well under 1 % of the batch.
const PYTHON_BATCH = benchCount(512);

const WEB_PARAMS: Record<string, AlgorithmIdentifier | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

async function measure(alg: 'RS256' | 'ES256' | 'EdDSA') {
  const { publicKey, sender, token, verifier } = await actJwtSetup(alg);
  const [header = '', payload = '', signature = ''] = token.split('.');
  const signingInput = `${header}.${payload}`;
  const signatureBytes = base64url.decode(signature) as Uint8Array<ArrayBuffer>;
  const data = new TextEncoder().encode(signingInput);
  const keyObject = createPublicKey({
    key: (await crypto.subtle.exportKey('jwk', publicKey)) as never,
    format: 'jwk',
  });
  const nodeParams =
    alg === 'ES256' ? { key: keyObject, dsaEncoding: 'ieee-p1363' as const } : keyObject;
  const nodeHash = alg === 'EdDSA' ? null : 'sha256';

  const ours = () => verifier.verify(token);
  const actOf = (verified: VerifiedActJwt) => {
    if (verified.act.sub !== 'u-1') throw new Error('the act JWT verified with another human');
  };
  const rawJose = async () => {
    await jwtVerify(token, publicKey, { algorithms: [alg], audience: AUD });
  };
  const nodeSync = async () => {
    if (
      !nodeVerify(
        nodeHash,
        Buffer.from(signingInput),
        nodeParams,
        Buffer.from(signature, 'base64url'),
      )
    ) {
      throw new Error('bad signature');
    }
    JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  };
  // The sequential stand-in's per-token decoding around Web Crypto: what every JWT verifier does
  // at least, where the raw row verifies bytes decoded once before the run.
  const webCryptoDecoding = async () => {
    const [h = '', p = '', s = ''] = token.split('.');
    if (
      !(await crypto.subtle.verify(
        WEB_PARAMS[alg] as AlgorithmIdentifier,
        publicKey,
        Buffer.from(s, 'base64url'),
        Buffer.from(`${h}.${p}`),
      ))
    ) {
      throw new Error('bad signature');
    }
    JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  };
  const batch = (one: () => Promise<unknown>) => async () => {
    await Promise.all(Array.from({ length: IN_FLIGHT }, one));
  };
  const webCrypto = async () => {
    if (
      !(await crypto.subtle.verify(
        WEB_PARAMS[alg] as AlgorithmIdentifier,
        publicKey,
        signatureBytes,
        data,
      ))
    ) {
      throw new Error('bad signature');
    }
  };
  return {
    python: alg === 'RS256' ? await againstPython(sender, publicKey) : undefined,
    jose: await compareToBaseline(rawJose, ours, { verdict: actOf }),
    node: await compareToBaseline(nodeSync, ours),
    inFlight: await compareToBaseline(batch(webCrypto), batch(ours)),
    inFlightDecoding: await compareToBaseline(batch(webCryptoDecoding), batch(ours)),
    inFlightCpu: await compareCpuCost(batch(webCrypto), batch(ours), { calls: 100 }),
    joseCpu: await compareCpuCost(rawJose, ours),
    nodeCpu: await compareCpuCost(nodeSync, ours),
  };
}

/**
 * Both sides verify the same PYTHON_BATCH distinct tokens per call, each doing the reference's work
 * (ours: every check, and each jti claimed in an InMemoryReplayStore; Python: what
 * pyjwt-reference.py says), with a fresh replay set per pass over the tokens. Rates are by the wall time of a
 * batch (request to reply for Python); `childOps` is Python's rate by its own clock.
 */
async function againstPython(
  sender: HybridSender,
  publicKey: CryptoKey,
): Promise<(Comparison & { versions: string; childOps: number }) | NotMeasured> {
  const tokens: string[] = [];
  for (let i = 0; i < PYTHON_BATCH; i += 1) {
    tokens.push(
      await sender.prepareOutOfSessionAct({
        act: { sub: `u-${i}`, email: 'alice@example.com' },
        agentEndpoint: AUD,
        ttlSeconds: 300,
      }),
    );
  }
  const python = await startPythonReference({
    publicKeyPem: await exportSPKI(publicKey),
    audience: AUD,
    tokens,
  });
  if ('notMeasured' in python) return python;
  try {
    return await comparePython(python, tokens, publicKey);
  } finally {
    python.close();
  }
}

async function comparePython(python: PythonReference, tokens: string[], publicKey: CryptoKey) {
  let replayStore = new InMemoryReplayStore();
  const verifier = new ActJwtVerifier({
    publicKey,
    expectedAudience: AUD,
    replayStore: { claim: (jti, expiresAt) => replayStore.claim(jti, expiresAt) },
  });
  let childSeconds = 0;
  let childTokens = 0;
  const comparison = await compareToBaseline(
    async () => {
      childSeconds += await python.verify(tokens.length);
      childTokens += tokens.length;
    },
    async () => {
      replayStore = new InMemoryReplayStore();
      for (const token of tokens) await verifier.verify(token);
    },
    { iterations: 4 },
  );
  return {
    ...comparison,
    baselineOps: comparison.baselineOps * tokens.length,
    oursOps: comparison.oursOps * tokens.length,
    versions: python.versions,
    childOps: childTokens / childSeconds,
  };
}

const rows: { task: string; ours: number; baseline: number; ratio: string }[] = [];
const lines: string[] = [];
for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
  const result = await measure(alg);
  // `scale`: tokens per measured call, so both the table and the printed line (which
  // bench/results.json reads) show tokens per second.
  const add = (label: string, measured: Comparison, scale = 1) => {
    const comparison = {
      ...measured,
      oursOps: measured.oursOps * scale,
      baselineOps: measured.baselineOps * scale,
    };
    rows.push({
      task: `${alg} ${label}`,
      ours: Math.round(comparison.oursOps),
      baseline: Math.round(comparison.baselineOps),
      ratio: comparison.ratio.toFixed(2),
    });
    lines.push(formatComparison(`act-JWT verify ${alg}, ${label}`, comparison));
  };
  const { python } = result;
  if (python !== undefined && 'notMeasured' in python) {
    lines.push(
      `act-JWT verify ${alg}, sequential / Python reference: not measured: ${python.notMeasured}; apt-get install python3-jwt`,
    );
  } else if (python !== undefined) {
    add(`sequential / Python reference (${python.versions}: decode + jti set + act check)`, python);
    lines.push(
      `  (the ratio is by wall time, request to reply; by the child's own clock, without the pipe, Python does ${Math.round(python.childOps)} ops/s: ours ÷ that = ${(python.oursOps / python.childOps).toFixed(2)})`,
    );
  }
  add('sequential / raw jose.jwtVerify', result.jose);
  add('sequential / node:crypto sync + JSON.parse (checks nothing else)', result.node);
  add(`${IN_FLIGHT} in flight / raw Web Crypto verify`, result.inFlight, IN_FLIGHT);
  // Not "/ raw Web Crypto": tools/bench.mjs's targets match that label, and this row is not one.
  add(
    `${IN_FLIGHT} in flight / Web Crypto verify + base64url decode + JSON.parse (checks nothing else)`,
    result.inFlightDecoding,
    IN_FLIGHT,
  );
  add(
    `${IN_FLIGHT} in flight, CPU per token / raw Web Crypto verify (baseline CPU ÷ ours)`,
    result.inFlightCpu,
    IN_FLIGHT,
  );
  add('CPU per call / raw jose.jwtVerify (baseline CPU ÷ ours)', result.joseCpu);
  add('CPU per call / node:crypto sync + JSON.parse (baseline CPU ÷ ours)', result.nodeCpu);
}
console.table(rows);
for (const line of lines) console.log(line);
