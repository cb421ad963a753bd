import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { agentHasRole, createDualAuthGuard } from '@dual-auth/resource';
import type { LocalRedis } from '@dual-auth/testing';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';

// What held (Redis slow): an API guard reading the humans' cut-offs from a Redis that stops
// answering (SIGSTOP: connections open, nothing answers) fails closed with a 503 once the store's
// `timeoutMs` has passed, never an ALLOW and never a hang; it allows again once Redis is back.

const ISSUER = 'https://kc.example.test/realms/agbac';

let redis: LocalRedis;
let client: StoreRedisClient;
redisPerFile((started) => ({ redis, client } = started));

describe('held: the API guard over a stalled Redis cut-off store', () => {
  it('answers 503 (cutoff_store_unavailable) while Redis is stopped, and ALLOW once it is back', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      azp: 'finance-agent',
      typ: 'Bearer',
      // A client-credentials token of Keycloak: its service-account user.
      preferred_username: 'service-account-finance-agent',
      realm_access: { roles: ['FinanceAgent'] },
      act: { sub: 'u-1' },
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer(ISSUER)
      .setAudience('finance-api')
      .setSubject('service-account')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .setJti('at-1')
      .sign(privateKey);
    const guard = createDualAuthGuard({
      profile: keycloakTokenProfile,
      issuer: ISSUER,
      audience: 'finance-api',
      keys: publicKey,
      cutoffStore: new RedisDelegationCutoffStore({ client, prefix: 'stall:', timeoutMs: 1_000 }),
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: () => true,
    });
    const check = () =>
      guard.check({
        authorization: `Bearer ${token}`,
        actAssertion: undefined,
        method: 'GET',
        route: '/accounts/42',
      });
    // Redis answering: ALLOW. 1 s can pass on a loaded machine (the first check also asks Redis's
    // policy and key layout), so it may take a few tries: this test is about the stalled Redis.
    const allowed = () =>
      expect.poll(async () => (await check()).decision, { timeout: 30_000 }).toBe('ALLOW');
    await allowed();
    redis.pause();
    let stalled: Awaited<ReturnType<typeof check>>;
    try {
      stalled = await check();
    } finally {
      redis.resume();
    }
    expect(stalled).toMatchObject({ decision: 'DENY', status: 503 });
    expect(stalled.audit.reason).toBe('access_token.cutoff_store_unavailable');
    await allowed();
  });
});
