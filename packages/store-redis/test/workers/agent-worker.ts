// An agent service instance in its own process: in-session and out-of-session token requests
// through the local Keycloak-shaped IdP, with the replay store, token cache and delegation
// cut-offs in Redis.
import { createHash } from 'node:crypto';
import { createKeycloakAdapter, keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { ActVerificationError, getConfig } from '@dual-auth/core';
import {
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  SingleFlightTokenCache,
} from '@dual-auth/session';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisReplayStore,
  RedisTokenCache,
} from '../../src/index.js';
import { serveWorker } from '../support/serve-worker.js';

const env = process.env as Record<string, string>;
const SCOPE = ['finance.read'];

async function setup() {
  const adapter = createKeycloakAdapter(
    await getConfig({
      vendor: 'keycloak',
      env: JSON.parse(env.IDP_ENV as string),
      plugins: [keycloakPlugin],
    }),
  );
  const client = createRedisClient({ url: env.REDIS_URL as string });
  const replayStore = new RedisReplayStore({ client, timeoutMs: 120_000 });
  const store = new RedisTokenCache({
    client,
    encryptionKeys: [{ id: 'k1', key: env.TOKEN_CACHE_KEY as string }],
    timeoutMs: 120_000,
    lockTtlMs: 300_000,
    lockWaitMs: 300_000,
  });
  const cache = new SingleFlightTokenCache({ store });
  const cutoffStore = new RedisDelegationCutoffStore({ client, timeoutMs: 120_000 });
  return {
    inSession: new InSessionTokenRequest({ adapter, cache }),
    outOfSession: new OutOfSessionTokenRequest({
      adapter,
      cache,
      publicKey: env.APP_PUBLIC_KEY as string,
      replayStore,
      cutoffStore,
    }),
  };
}

const ready = setup();
const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

serveWorker(ready, {
  // `count` concurrent in-session requests for one (agent, human, scope): their tokens' digests.
  async burst({ count, sub }) {
    const { inSession } = await ready;
    const tokens = await Promise.all(
      Array.from({ length: count as number }, () =>
        inSession.requestToken({
          agentId: 'finance-agent',
          act: { sub: sub as string },
          scope: SCOPE,
        }),
      ),
    );
    return tokens.map((token) => digest(token.accessToken));
  },
  // One act JWT received from the web app: accepted (a token), or refused with its reason.
  async receive({ actJwt, audience }) {
    const { outOfSession } = await ready;
    try {
      await outOfSession.requestTokenFromJwt({
        actJwt: actJwt as string,
        agentId: 'finance-agent',
        scope: SCOPE,
        expectedAudience: audience as string,
      });
      return { accepted: true };
    } catch (error) {
      if (!ActVerificationError.isInstance(error)) throw error;
      return { accepted: false, reason: error.reason };
    }
  },
});
