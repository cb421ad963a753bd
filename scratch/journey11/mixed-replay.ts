// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: in a mixed install (run with run-mixed.mjs, OLD_PKGS=session: the 0.1.0 session over
// today's core and store-redis), is a replayed act JWT still refused, with the in-memory default
// store and with RedisReplayStore? And is an ended delegation (today's cut-off store) honoured?
import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { HybridSender, OutOfSessionTokenRequest, UserSession } from '@dual-auth/session';
import { createRedisClient, RedisReplayStore } from '@dual-auth/store-redis';
import { startRedisServer } from '@dual-auth/testing';
import { startKeycloakStack } from './stack.js';

const { idp, alice, adapter } = await startKeycloakStack();
const redis = await startRedisServer();
const client = createRedisClient({ url: redis.url });
const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
const endpoint = 'https://agent.example/invoke';
const act = sender.extractActFromSession(new UserSession({ userId: alice.sub }));
const cutoffStore = new InMemoryDelegationCutoffStore();
const twice = async (label: string, options: Record<string, unknown>) => {
  let outOfSession: OutOfSessionTokenRequest;
  try {
    outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: idp.app.publicJwk,
      expectedAudience: endpoint,
      ...options,
    } as never);
  } catch (error) {
    console.log(label, 'constructor refused:', (error as Error).message);
    return;
  }
  const actJwt = await sender.prepareOutOfSessionAct({
    act,
    agentEndpoint: endpoint,
    ttlSeconds: 60,
  });
  for (const attempt of ['first use', 'replay']) {
    try {
      // 0.1.0 took positional parameters (docs/upgrading.md); OLD_API=1 calls it that way
      if (process.env.OLD_API)
        await (
          outOfSession.requestTokenFromJwt as unknown as (...a: unknown[]) => Promise<unknown>
        )(actJwt, 'finance-agent', ['finance.read']);
      else
        await outOfSession.requestTokenFromJwt({
          actJwt,
          agentId: 'finance-agent',
          scope: ['finance.read'],
        });
      console.log(label, attempt, '→ ACCEPTED');
    } catch (error) {
      const e = error as Error & { reason?: string };
      console.log(label, attempt, '→ refused', e.name, e.reason ?? '', '|', e.message);
    }
  }
};
await twice('default store:', {});
await twice('RedisReplayStore:', { replayStore: new RedisReplayStore({ client }) });
await cutoffStore.endDelegation(alice.sub, Date.now() + 1000, 60_000); // what endDelegation records (a cut-off just ahead)
await twice('cutoffStore given, delegation ended:', { cutoffStore });
await client.close();
await redis.close();
await idp.close();
