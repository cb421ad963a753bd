import { generateKeyPairSync } from 'node:crypto';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { ActVerificationError, createAdapter as coreCreateAdapter } from '@dual-auth/core';
import { HybridSender, OutOfSessionTokenRequest } from '@dual-auth/session';
import type { LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { readyClient, redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';
import { RedisReplayStore } from './redis-replay-store.js';

// Attack (deadlines): `requestTokenFromJwt` takes the caller's `signal`, but does not pass it to
// the act JWT's verification, which waits on the shared replay store (and the cut-off store, and
// the application's JWKS). With Redis stalled (SIGSTOP: connections open, nothing answers), a
// caller that gives up still waits for the store's whole `timeoutMs`, holding its request,
// socket and memory, and is then answered with the store's error, not its own abort.

const AGENT = 'https://agent.example.com/invoke';

/** The agent's Keycloak adapter; its token endpoint is never reached: the act JWT is checked first. */
function agentAdapter() {
  return coreCreateAdapter(undefined, {
    env: {
      DUAL_AUTH_VENDOR: 'keycloak',
      KEYCLOAK_TOKEN_URL: 'https://127.0.0.1:9/realms/r/protocol/openid-connect/token',
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: 'not-a-real-secret',
    },
    plugins: [keycloakPlugin],
  });
}

let redis: LocalRedis;
let client: StoreRedisClient;
redisPerFile((started) => ({ redis, client } = started));

describe('attack: a caller aborting requestTokenFromJwt while Redis is stalled', () => {
  it('is answered with its own abort reason, not after the replay store gives up', async () => {
    // Generated per run, never committed.
    const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const adapter = await agentAdapter();
    const sender = new HybridSender({
      privateKey: app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    // Long enough that an abort honoured at once and one honoured only at the store's timeout
    // cannot be confused, short enough to keep the test quick when the abort is not honoured.
    const timeoutMs = 3_000;
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: app.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      expectedAudience: AGENT,
      replayStore: new RedisReplayStore({ client, prefix: 'abort:', timeoutMs }),
      cutoffStore: new RedisDelegationCutoffStore({ client, prefix: 'abort:', timeoutMs }),
    });
    // The stores check Redis's eviction policy once; do it before the stall.
    const warm = await sender.prepareOutOfSessionAct({ act: { sub: 'u-1' }, agentEndpoint: AGENT });
    await outOfSession.tokenProviderFromJwt({
      actJwt: warm,
      agentId: 'finance-agent',
      scope: ['s'],
    });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    const caller = new AbortController();
    const gaveUp = new Error('the caller gave up');
    redis.pause();
    let outcome: unknown;
    try {
      const pending = outOfSession.requestTokenFromJwt({
        actJwt,
        agentId: 'finance-agent',
        scope: ['s'],
        signal: caller.signal,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      caller.abort(gaveUp);
      outcome = await pending.catch((error: unknown) => error);
    } finally {
      redis.resume();
    }
    expect(outcome).toBe(gaveUp);
  });
});

// What held: the same act JWT presented at two agent instances at once (each its own Redis
// client, one shared replay store) is accepted exactly once.
describe('held: one act JWT at two agent instances at once', () => {
  it('gives a token provider once; every other presentation is refused as replayed', async () => {
    const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = await readyClient(redis.url);
    try {
      const instance = async (c: StoreRedisClient) =>
        new OutOfSessionTokenRequest({
          adapter: await agentAdapter(),
          publicKey: app.publicKey.export({ type: 'spki', format: 'pem' }) as string,
          expectedAudience: AGENT,
          replayStore: replayStoreFor(c, { prefix: 'twice:' }),
          cutoffStore: cutoffStoreFor(c, { prefix: 'twice:' }),
        });
      const instances = [await instance(client), await instance(other)];
      const sender = new HybridSender({
        privateKey: app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      });
      const actJwt = await sender.prepareOutOfSessionAct({
        act: { sub: 'u-2' },
        agentEndpoint: AGENT,
      });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          (instances[i % 2] as OutOfSessionTokenRequest).tokenProviderFromJwt({
            actJwt,
            agentId: 'finance-agent',
            scope: ['s'],
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const reasons = outcomes.flatMap((o) =>
        o.status === 'rejected' && ActVerificationError.isInstance(o.reason)
          ? [o.reason.reason]
          : [],
      );
      expect(reasons).toEqual(Array.from({ length: 19 }, () => 'replayed'));
    } finally {
      await other.close();
    }
  });
});
