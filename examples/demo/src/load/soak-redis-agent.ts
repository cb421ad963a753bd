// An agent-service instance of the Redis soak (soak-redis.ts --agents N), in its own process:
// in-session token requests to the local IdP through a RedisTokenCache under a
// SingleFlightTokenCache, with the humans' cut-offs read from the same Redis. Answers the parent
// over IPC with what each request gave: a token (its source: the cache or the IdP is not told
// apart here) or the error's class and reason.
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createAdapter } from '@dual-auth/core';
import { InSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisTokenCache,
} from '@dual-auth/store-redis';

const env = process.env as Record<string, string>;
let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled += 1;
  process.stderr.write(`soak agent: unhandled rejection ${(reason as Error)?.name}\n`);
});

const client = createRedisClient({ url: env.REDIS_URL as string });
const timeoutMs = Number(env.STORE_TIMEOUT_MS ?? 1000);
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

const handlers: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
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
  stats: async () => ({ rss: process.memoryUsage().rss, unhandled }),
  close: async () => {
    await client.close();
    return true;
  },
};

process.on('message', (message: { id: number; op: string } & Record<string, unknown>) => {
  const { id, op, ...args } = message;
  const handler = handlers[op];
  if (handler === undefined) return;
  handler(args).then(
    (value) => process.send?.({ id, value }),
    (error: unknown) => process.send?.({ id, value: { ok: false, reason: `op:${String(error)}` } }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: -1, value: 'ready' });
