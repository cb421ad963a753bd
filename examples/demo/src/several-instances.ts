import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { InSessionApiCall } from '@dual-auth/client';
import { type Act, createDualSubjectToken, type DualSubjectToken } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import {
  createRedisClient,
  RedisReplayStore,
  RedisTokenCache,
  type StoreRedisClient,
} from '@dual-auth/store-redis';
import type { LocalIdp, LocalRedis } from '@dual-auth/testing';
import { type DemoApi, startDemoApi } from './demo-api.js';
import { describeToken } from './describe-token.js';
import { type RemoteAgent, startRemoteAgent } from './remote-agent.js';
import { vendorAdapter } from './vendor-adapter.js';

const AGENT_ID = 'finance-agent';
/** The one URL the web app signs act JWTs for: a load balancer in front of the agent instances. */
const AGENT_SERVICE = 'https://agents.demo.example/invoke';

interface Instances {
  agents: RemoteAgent[];
  apis: DemoApi[];
  clients: StoreRedisClient[];
}

/**
 * Two agent instances and two API instances, each with its own Redis client, stores and servers,
 * sharing one Redis: an act JWT is accepted by one agent instance only, a token one instance got
 * is read from Redis by the other (sealed), and (Entra ID) an act assertion moved onto another
 * access token is refused by every API instance.
 */
export async function severalInstances(
  idp: LocalIdp,
  redis: LocalRedis,
  act: Act,
  write: (line: string) => void,
  mismatches: string[],
): Promise<void> {
  const instances = await startInstances(idp, redis);
  const [agent1, agent2] = instances.agents as [RemoteAgent, RemoteAgent];
  try {
    write(`\n   several instances   2 agent + 2 API instances, one Redis (${redis.url})`);
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const sign = () => sender.prepareOutOfSessionAct({ act, agentEndpoint: AGENT_SERVICE });
    const actJwt = await sign();
    const first = await post(idp, agent1, actJwt);
    const replay = await post(idp, agent2, actJwt);
    write(`      act JWT → agent 1: ${first.status === 200 ? 'accepted' : 'refused'}`);
    write(
      `      same act JWT → agent 2: ${replay.status === 200 ? 'ACCEPTED' : `refused (${replay.reason})`}`,
    );
    if (first.status !== 200 || replay.reason !== 'replayed') {
      mismatches.push(
        `${idp.vendor}: an act JWT replayed to another agent instance was not refused`,
      );
    }
    const before = idp.requests.length;
    const again = await post(idp, agent2, await sign());
    const asked = idp.requests.length - before;
    write(
      `      new act JWT → agent 2: ${again.status === 200 ? 'accepted' : 'refused'}, token from Redis (IdP token requests: ${asked})`,
    );
    if (again.status !== 200 || asked !== 0) {
      mismatches.push(`${idp.vendor}: the second agent instance did not reuse the shared token`);
    }
    if (idp.vendor === 'entraid') await movedAssertion(idp, instances.apis, act, write, mismatches);
  } finally {
    await Promise.all([...instances.agents, ...instances.apis].map((server) => server.close()));
    await Promise.all(instances.clients.map((client) => client.close()));
  }
}

async function startInstances(idp: LocalIdp, redis: LocalRedis): Promise<Instances> {
  const clients = Array.from({ length: 4 }, () => createRedisClient({ url: redis.url }));
  await Promise.all(clients.map((client) => (client.isReady ? undefined : once(client, 'ready'))));
  const [api1, api2, agentClient1, agentClient2] = clients as StoreRedisClient[];
  const apis = await Promise.all(
    [api1, api2].map((client) =>
      startDemoApi(idp, {
        replayStore: new RedisReplayStore({ client: client as StoreRedisClient }),
      }),
    ),
  );
  // Every instance holds the same token-sealing key (from its secrets, in real life).
  const encryptionKeys = [{ id: 'demo', key: randomBytes(32) }];
  const agents = await Promise.all(
    [agentClient1, agentClient2].map(async (client, i) =>
      startRemoteAgent({
        idp,
        adapter: await vendorAdapter(idp, AGENT_ID),
        agentId: AGENT_ID,
        apiUrl: (apis[i] as DemoApi).url,
        describeToken,
        audience: AGENT_SERVICE,
        replayStore: new RedisReplayStore({ client: client as StoreRedisClient }),
        cache: new SingleFlightTokenCache({
          store: new RedisTokenCache({ client: client as StoreRedisClient, encryptionKeys }),
        }),
      }),
    ),
  );
  return { agents, apis, clients };
}

async function post(
  idp: LocalIdp,
  agent: RemoteAgent,
  actJwt: string,
): Promise<{ status: number; reason?: string }> {
  const response = await idp.fetch(agent.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ act_jwt: actJwt }),
  });
  const body = (await response.json()) as { reason?: string };
  return { status: response.status, ...(body.reason === undefined ? {} : { reason: body.reason }) };
}

/** Entra ID: an act assertion bound to one access token, sent with another, to each API. */
async function movedAssertion(
  idp: LocalIdp,
  apis: DemoApi[],
  act: Act,
  write: (line: string) => void,
  mismatches: string[],
): Promise<void> {
  const tokens = new InSessionTokenRequest({
    adapter: await vendorAdapter(idp, AGENT_ID),
    cache: false,
  });
  const request = { agentId: AGENT_ID, act, scope: ['finance.read'] };
  const bound = await tokens.requestToken(request);
  const other = await tokens.requestToken(request);
  const moved = createDualSubjectToken({
    accessToken: other.accessToken,
    actAssertion: bound.actAssertion,
    tokenType: other.tokenType,
    expiresIn: other.expiresIn,
    scope: other.scope,
    issuedAt: other.expiresAt - other.expiresIn * 1000,
  });
  const [api1, api2] = apis as [DemoApi, DemoApi];
  const statuses = [
    await call(idp, api1, bound),
    await call(idp, api2, moved),
    await call(idp, api1, moved),
  ];
  write(`      token + its act assertion → API 1: ${statuses[0]}`);
  write(`      another token + that assertion → API 2: ${statuses[1]}, → API 1: ${statuses[2]}`);
  if (statuses.join() !== '200,401,401') {
    mismatches.push(
      `${idp.vendor}: an act assertion moved onto another token was not refused everywhere`,
    );
  }
}

async function call(idp: LocalIdp, api: DemoApi, token: DualSubjectToken): Promise<number> {
  const response = await new InSessionApiCall({ fetch: idp.fetch }).callApi({
    method: 'GET',
    apiUrl: api.url,
    tokenResponse: token,
    throwHttpErrors: false,
  });
  await response.body?.cancel();
  return response.status;
}
