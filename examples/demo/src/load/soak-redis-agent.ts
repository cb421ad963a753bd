// An agent-service instance of the Redis soak (soak-redis.ts --agents N), in its own process:
// in-session token requests to the local IdP through a RedisTokenCache under a
// SingleFlightTokenCache, with the humans' cut-offs read from the same Redis. Answers the parent
// over IPC with what each request gave: a token (its source: the cache or the IdP is not told
// apart here) or the error's class and reason.
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createAdapter } from '@dual-auth/core';
import { InSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import { RedisDelegationCutoffStore, RedisTokenCache } from '@dual-auth/store-redis';
import { startSoakChild } from './soak-redis-child.js';

const { env, client, timeoutMs, unhandled, serve } = startSoakChild('agent');
const adapter = await createAdapter(undefined, {
  env: JSON.parse(env.IDP_ENV as string),
  plugins: [keycloakPlugin],
});
const cache = new SingleFlightTokenCache({
  store: new RedisTokenCache({
    client,
    encryptionKeys: [{ id: 'k1', key: env.TOKEN_CACHE_KEY as string }],
    timeoutMs,
  }),
});
const requests = new InSessionTokenRequest({
  adapter,
  cache,
  cutoffStore: new RedisDelegationCutoffStore({ client, timeoutMs }),
});

serve({
  token: async ({ sub }) => {
    try {
      await requests.requestToken({
        agentId: 'finance-agent',
        act: { sub: sub as string },
        scope: ['finance.read'],
      });
      return { ok: true };
    } catch (error) {
      const e = error as { reason?: string; name?: string; code?: string };
      return { ok: false, reason: `${e.name}:${e.reason ?? e.code ?? ''}` };
    }
  },
  stats: async () => ({ rss: process.memoryUsage().rss, unhandled: unhandled() }),
});
process.send?.({ id: -1, value: 'ready' });
