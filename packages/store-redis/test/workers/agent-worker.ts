// An agent service instance in its own process: in-session and out-of-session token requests
// through a local IdP of any vendor (the adapter is chosen by `DUAL_AUTH_VENDOR` in `IDP_ENV`),
// with the replay store, token cache and delegation cut-offs in Redis, and API calls made with
// the tokens it holds.
import { createHash } from 'node:crypto';
import {
  type Act,
  ActVerificationError,
  createAdapter,
  type DualSubjectToken,
} from '@dual-auth/core';
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
import { PLUGINS } from '../support/adapter-plugins.js';
import { serveWorker } from '../support/serve-worker.js';

const env = process.env as Record<string, string>;
const SCOPE = ['finance.read'];
const AGENT_ID = 'finance-agent';

async function setup() {
  const adapter = await createAdapter(undefined, {
    env: JSON.parse(env.IDP_ENV as string),
    plugins: PLUGINS,
    // The IdP's answer may take long on a busy machine (a test holds it too): past the default
    // 10 s per attempt the adapter retries, a second IdP request the tests would count.
    adapterOptions: { timeoutMs: 120_000, totalTimeoutMs: 300_000 },
  });
  const client = createRedisClient({ url: env.REDIS_URL as string });
  // Generous unless a test freezes Redis (STORE_TIMEOUT_MS): a healthy Redis may be slow to answer
  // on a busy machine.
  const timeoutMs = Number(env.STORE_TIMEOUT_MS ?? 120_000);
  const replayStore = new RedisReplayStore({ client, timeoutMs });
  const store = new RedisTokenCache({
    client,
    encryptionKeys: [{ id: 'k1', key: env.TOKEN_CACHE_KEY as string }],
    timeoutMs,
    lockTtlMs: 300_000,
    lockWaitMs: 300_000,
  });
  const cache = new SingleFlightTokenCache({ store });
  const cutoffStore = new RedisDelegationCutoffStore({ client, timeoutMs });
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
// The token this instance last got for each human (by `act.sub`), as an agent keeps it for its calls.
const held = new Map<string, DualSubjectToken>();

serveWorker(ready, {
  // `count` concurrent in-session requests for one (agent, human, scope): their tokens' digests.
  async burst({ count, sub }) {
    const { inSession } = await ready;
    const tokens = await Promise.all(
      Array.from({ length: count as number }, () =>
        inSession.requestToken({ agentId: AGENT_ID, act: { sub: sub as string }, scope: SCOPE }),
      ),
    );
    return tokens.map((token) => digest(token.accessToken));
  },
  // An in-session token for `act`, kept for `callApi`: its digest and expiry (ms since epoch).
  async token({ act }) {
    const { inSession } = await ready;
    const human = act as Act;
    const token = await inSession.requestToken({ agentId: AGENT_ID, act: human, scope: SCOPE });
    held.set(human.sub, token);
    return { digest: digest(token.accessToken), expiresAt: token.expiresAt };
  },
  // A GET of `url` with the token held for `sub`: the API's status and audit reason.
  async callApi({ url, sub }) {
    const token = held.get(sub as string);
    if (token === undefined) throw new Error('no token held for this human');
    const response = await fetch(url as string, {
      headers: {
        authorization: `Bearer ${token.accessToken}`,
        ...(token.actAssertion ? { 'x-act-assertion': token.actAssertion } : {}),
      },
    });
    const { reason } = (await response.json()) as { reason: string };
    return { status: response.status, reason };
  },
  // One act JWT received from the web app: accepted (a token), or refused with its reason.
  async receive({ actJwt, audience }) {
    const { outOfSession } = await ready;
    try {
      await outOfSession.requestTokenFromJwt({
        actJwt: actJwt as string,
        agentId: AGENT_ID,
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
