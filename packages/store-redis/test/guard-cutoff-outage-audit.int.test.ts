import { createAdapter, humanIdForLogging, InMemoryReplayStore } from '@dual-auth/core';
import type { GuardDecision } from '@dual-auth/resource';
import {
  type LocalIdp,
  type LocalRedis,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  type StoreRedisClient,
} from '../src/index.js';
import { PLUGINS } from './support/adapter-plugins.js';
import { cutoffStoreFor } from './support/stores.js';
import { vendorGuard } from './support/vendor-api.js';

// The guard reads the human's cut-off after the token verified. When the Redis that keeps the
// cut-offs cannot be reached it answers 503 (fail closed); the audit record of that refusal named
// no human (`human_id: null`) though the token had already proven who it was for, as the `revoked`
// refusal names them. It names the verified human (an email-shaped id digested); a token that did
// not verify is refused before the store is asked, and its record names nobody.
// Entra ID: the human named by an email-shaped id alone (no oid), its record holds the digest.
describe.each(['keycloak', 'okta', 'entraid'] as const)(
  'the audit of a 503 from an unreachable cut-off store (local %s IdP, real redis-server)',
  (vendor) => {
    let idp: LocalIdp;
    let redis: LocalRedis;
    let client: StoreRedisClient;
    beforeAll(async () => {
      [idp, redis] = await Promise.all([startLocalIdp({ vendor }), startRedisServer()]);
      client = createRedisClient({ url: redis.url, reconnectMaxDelayMs: 200 });
    }, 60_000);
    afterAll(async () => {
      await client?.close();
      await Promise.all([redis?.close(), idp?.close()]);
    });

    it('names the human the token verified for, and nobody for a token that did not verify', async () => {
      // The act assertion's replay is claimed in memory: only the cut-off store goes away.
      const replayStore = new InMemoryReplayStore();
      const guard = await vendorGuard(idp, vendor, {
        cutoffStore: new RedisDelegationCutoffStore({ client, timeoutMs: 2_000 }),
        replayStore,
      });
      // The same client, a cut-off store that waits as long as the test may, for the check that
      // must pass on a healthy Redis (a loaded machine can take over 2 s to answer).
      const healthyGuard = await vendorGuard(idp, vendor, {
        cutoffStore: cutoffStoreFor(client),
        replayStore,
      });
      const human = [...idp.humans.values()][0];
      if (human === undefined) throw new Error('no human');
      const adapter = await createAdapter(undefined, {
        env: idp.env('finance-agent'),
        plugins: PLUGINS,
        fetch: idp.fetch,
      });
      const act = { sub: human.sub, ...(human.email === undefined ? {} : { email: human.email }) };
      if (vendor === 'entraid') expect(act.sub).toContain('@');
      // A new token each time: an Entra act assertion is accepted once.
      const check = async (
        forge: (accessToken: string) => string = (accessToken) => accessToken,
        checker = guard,
      ): Promise<GuardDecision> => {
        const token = await adapter.requestToken({
          agentId: 'finance-agent',
          act,
          scope: ['finance.read'],
        });
        return checker.check({
          authorization: `Bearer ${forge(token.accessToken)}`,
          actAssertion: token.actAssertion,
          method: 'GET',
          route: '/api/balance',
        });
      };
      expect((await check(undefined, healthyGuard)).status).toBe(200);

      await redis.close();
      const refused = await check();
      expect(refused.status).toBe(503);
      expect(refused.audit.reason).toBe('access_token.cutoff_store_unavailable');
      expect(refused.audit.human_id).toBe(humanIdForLogging(act));
      expect(refused.audit.human_id).not.toContain('@');

      // Its signature broken: refused before the store is asked, naming nobody.
      const forged = (accessToken: string) => `${accessToken.slice(0, -4)}AAAA`;
      const unverified = await check(forged);
      expect(unverified.status).toBe(401);
      expect(unverified.audit.human_id).toBeNull();
    }, 60_000);
  },
);
