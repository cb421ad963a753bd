// An API instance in its own process: the resource guard for Entra ID tokens, with the act
// assertion's bindings claimed in Redis and the humans' delegation cut-offs read from it.
import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { agentHasRole, createDualAuthGuard } from '@dual-auth/resource';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisReplayStore,
} from '../../src/index.js';
import { serveWorker } from '../support/serve-worker.js';

const env = process.env as Record<string, string>;

async function setup() {
  const client = createRedisClient({ url: env.REDIS_URL as string });
  return createDualAuthGuard({
    profile: entraIdTokenProfile,
    issuer: env.ISSUER as string,
    audience: env.AUDIENCE as string,
    jwksUri: env.JWKS_URI as string,
    boundActAssertion: {
      actAudience: env.AUDIENCE as string,
      appKeys: env.APP_PUBLIC_KEY as string,
      replayStore: new RedisReplayStore({ client, timeoutMs: 120_000 }),
    },
    cutoffStore: new RedisDelegationCutoffStore({ client, timeoutMs: 120_000 }),
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed: () => true,
  });
}

const ready = setup();

serveWorker(ready, {
  // One request's two headers: the guard's status and audit reason.
  async check({ authorization, actAssertion }) {
    const guard = await ready;
    const decision = await guard.check({
      authorization: authorization as string,
      actAssertion: actAssertion as string,
      method: 'GET',
      route: '/api/balance',
    });
    return { status: decision.status, reason: decision.audit.reason };
  },
});
