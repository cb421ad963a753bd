// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: what an SRE sees when Redis is down, on both shared stores.
// A) The API guard with a RedisDelegationCutoffStore: status, headers, body, audit reason, logs.
// B) An agent's OutOfSessionTokenRequest with a RedisReplayStore: the error a fresh act JWT gets.
// C) Both again once Redis is back (empty): recovery without a restart.
import { createJsonLogger, setDefaultLogger } from '@dual-auth/core';
import { HybridSender, OutOfSessionTokenRequest, UserSession } from '@dual-auth/session';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisReplayStore,
} from '@dual-auth/store-redis';
import { startRedisServer } from '@dual-auth/testing';
import { callWith, startKeycloakStack } from './stack.js';

const lines: string[] = [];
setDefaultLogger(createJsonLogger({ level: 'debug', write: (line: string) => lines.push(line) }));
const { idp, alice, adapter, api: apiWith } = await startKeycloakStack();
const redis = await startRedisServer();
const client = createRedisClient({ url: redis.url });
const api = apiWith({
  jwksUri: idp.jwksUrl,
  fetch: idp.fetch,
  cutoffStore: new RedisDelegationCutoffStore({ client }),
});
const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
const endpoint = 'https://agent.example/invoke';
const outOfSession = new OutOfSessionTokenRequest({
  adapter,
  publicKey: idp.app.publicJwk,
  expectedAudience: endpoint,
  replayStore: new RedisReplayStore({ client }),
});
const act = sender.extractActFromSession(new UserSession({ userId: alice.sub }));
const token = await adapter.requestToken({
  agentId: 'finance-agent',
  act,
  scope: ['finance.read'],
});
const call = async (label: string) => {
  const response = await callWith(api, token.accessToken);
  console.log(
    label,
    'API',
    response.status,
    'retry-after',
    response.headers.get('retry-after'),
    'www-authenticate',
    response.headers.get('www-authenticate'),
    await response.text(),
  );
};
const agent = async (label: string) => {
  const actJwt = await sender.prepareOutOfSessionAct({
    act,
    agentEndpoint: endpoint,
    ttlSeconds: 60,
  });
  const t0 = Date.now();
  try {
    await outOfSession.requestTokenFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: ['finance.read'],
    });
    console.log(label, 'agent OK');
  } catch (error) {
    const e = error as Error & { reason?: string };
    console.log(label, 'agent', e.name, e.reason, `${Date.now() - t0} ms`, '|', e.message);
  }
};
await call('A0 Redis up:');
await agent('B0 Redis up:');
await redis.stop();
await call('A1 Redis down:');
await agent('B1 Redis down:');

await redis.start();
await new Promise((r) => setTimeout(r, 2500)); // reconnectMaxDelayMs 2000
await call('A2 Redis back:');
await agent('B2 Redis back:');
const interesting = lines.filter((l) =>
  /redis|unavailable|verification|DENY|jwt_invalid|error/.test(l),
);
console.log('--- log lines (redis, unavailable, DENY, errors):');
for (const l of interesting) console.log(l.length > 400 ? `${l.slice(0, 400)}…` : l);
await client.close();
await redis.close();
await idp.close();
