import { createDualAuthGuard } from '@dual-auth/resource';
import { loadTokenProfile } from '@dual-auth/testing';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisReplayStore } from './redis-replay-store.js';

// The resource guard's `dpop` (RFC 9449 §11.1) remembers each proof's jti in the replay store it
// is given: two API instances sharing a Redis store refuse a proof the other one admitted, and a
// jti of any length fits the store's 256-character keys.
const ISSUER = 'https://kc.example.test/realms/agbac';
const AUDIENCE = 'finance-api';
const URL_OF_API = 'https://api.example.test/balance';

let client: StoreRedisClient;
let idp: CryptoKeyPair;
let proofKey: CryptoKeyPair;
let jwk: JWK;

redisPerFile((started) => ({ client } = started));
beforeAll(async () => {
  [idp, proofKey] = await Promise.all([
    generateKeyPair('RS256'),
    generateKeyPair('ES256', { extractable: true }),
  ]);
  jwk = await exportJWK(proofKey.publicKey);
});

async function guardOn(store: RedisReplayStore) {
  return createDualAuthGuard({
    profile: await loadTokenProfile('keycloak'),
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: idp.publicKey,
    agentAllowed: () => true,
    humanAllowed: () => true,
    dpop: { replayStore: store },
  });
}

async function boundRequest(jti: string): Promise<Request> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 3600,
    sub: 'service-account',
    typ: 'Bearer',
    azp: 'finance-agent',
    scope: 'openid',
    realm_access: { roles: ['FinanceAgent'] },
    preferred_username: 'service-account-finance-agent',
    act: { sub: 'user-123' },
    cnf: { jkt: await calculateJwkThumbprint(jwk, 'sha256') },
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(idp.privateKey);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  const proof = await new SignJWT({
    jti,
    htm: 'GET',
    htu: URL_OF_API,
    iat: now,
    ath: Buffer.from(digest).toString('base64url'),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(proofKey.privateKey);
  return new Request(URL_OF_API, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
}

describe('DPoP proof jti in a shared Redis replay store', () => {
  it('admits a proof once across two instances, its jti of the longest accepted length (256)', async () => {
    const store = () => new RedisReplayStore({ client, prefix: 'dpop:', timeoutMs: 30_000 });
    const [first, second] = await Promise.all([guardOn(store()), guardOn(store())]);
    const request = await boundRequest(`j-${crypto.randomUUID()}`.padEnd(256, 'x'));
    const admitted = await first.checkRequest(request.clone());
    expect(admitted.decision).toBe('ALLOW');
    const replayed = await second.checkRequest(request);
    expect(replayed).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  // Attack (Session 13, brk26): one sniffed proof sent to every instance at the same moment.
  it('admits a proof once when four instances get it at the same moment', async () => {
    const guards = await Promise.all(
      Array.from({ length: 4 }, () =>
        guardOn(new RedisReplayStore({ client, prefix: 'dpop:', timeoutMs: 30_000 })),
      ),
    );
    const request = await boundRequest(`race-${crypto.randomUUID()}`);
    const decisions = await Promise.all(guards.map((guard) => guard.checkRequest(request.clone())));
    expect(decisions.filter((decision) => decision.decision === 'ALLOW')).toHaveLength(1);
    for (const decision of decisions.filter((d) => d.decision === 'DENY')) {
      expect(decision.audit.reason).toBe('dpop_proof.replayed');
    }
  });
});
