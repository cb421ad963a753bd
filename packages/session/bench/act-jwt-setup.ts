// The act JWT both act-jwt.bench.ts and act-jwt-alloc-probe.ts verify: a fresh key pair of `alg`,
// one token from HybridSender (an act with an email, 300 s), and an ActJwtVerifier for it whose
// replay store accepts every jti (replay claims are measured in token-cache.bench.ts).
import type { ReplayStore } from '@dual-auth/core';
import { generateKeyPair } from 'jose';
import { ActJwtVerifier, HybridSender } from '../src/index.js';

export const AUD = 'https://agent.example.com/invoke';

/** A replay store that accepts every jti: one token is verified again and again. */
export const acceptAll: ReplayStore = { claim: async () => true };

export async function actJwtSetup(alg: 'RS256' | 'ES256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const sender = new HybridSender({ privateKey, algorithm: alg, includeEmail: true });
  const token = await sender.prepareOutOfSessionAct({
    act: { sub: 'u-1', email: 'alice@example.com' },
    agentEndpoint: AUD,
    ttlSeconds: 300,
  });
  const verifier = new ActJwtVerifier({ publicKey, expectedAudience: AUD, replayStore: acceptAll });
  return { publicKey, sender, token, verifier };
}
