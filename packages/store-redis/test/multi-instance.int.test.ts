import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createEntraIdAdapter as createEntraAdapter } from '@dual-auth/adapter-entraid';
import { type Act, createAdapter, getConfig } from '@dual-auth/core';
import { type EndedDelegation, endDelegation, HybridSender } from '@dual-auth/session';
import {
  introspectToken,
  type LocalIdp,
  type LocalRedis,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisTokenCache,
  type StoreRedisClient,
} from '../src/index.js';
import { PLUGINS } from './support/adapter-plugins.js';
import { IDP_VENDORS, startVendorApi, type VendorApi } from './support/vendor-api.js';
import { createWorkerKit, type WorkerKit, type WorkerProcess } from './support/worker-process.js';

// Agent-service instances, each a separate Node process with its own node-redis client, session
// caches and adapter, sharing a real redis-server and a local IdP (over TLS): four on a Keycloak
// IdP, and two per vendor (Keycloak, Auth0, Okta, Entra ID, OAuth) for ending a delegation.
const AGENT_WORKER = fileURLToPath(new URL('./workers/agent-worker.ts', import.meta.url));
const API_WORKER = fileURLToPath(new URL('./workers/api-worker.ts', import.meta.url));
const AGENT_ENDPOINT = 'https://agent.example.com/invoke';

let redis: LocalRedis;
let idp: LocalIdp;
let kit: WorkerKit;
let agents: WorkerProcess[];
const tokenCacheKey = randomBytes(32).toString('base64');

function human(username: string): string {
  return actOf(idp, username).sub;
}

/** The act of a directory human of `at`: IAM ids only (`sub`, and Entra's `oid`). */
function actOf(at: LocalIdp, username: string): Act {
  const found = [...at.humans.values()].find((h) => h.username === username);
  if (found === undefined) throw new Error(`local IdP has no ${username}`);
  return { sub: found.sub, ...(found.oid === undefined ? {} : { oid: found.oid }) };
}

/** What the agent worker's `token` op answers: the token's SHA-256 digest and its expiry (ms). */
interface HeldToken {
  readonly digest: string;
  readonly expiresAt: number;
}

/**
 * `count` agent processes of `agentIdp` (its vendor's adapter, configured by `idpEnv`), sharing the
 * token cache and cut-offs on the Redis at `redisUrl`.
 */
async function startAgents(
  agentIdp: LocalIdp,
  redisUrl: string,
  count: number,
  idpEnv: Record<string, string> = agentIdp.env(),
): Promise<WorkerProcess[]> {
  const [bundle, ca] = await Promise.all([
    kit.bundle(AGENT_WORKER),
    kit.file(`ca-${agentIdp.issuer.replace(/\W/g, '-')}.pem`, agentIdp.caPem),
  ]);
  const env = {
    REDIS_URL: redisUrl,
    IDP_ENV: JSON.stringify(idpEnv),
    APP_PUBLIC_KEY: agentIdp.app.publicKeyPem,
    TOKEN_CACHE_KEY: tokenCacheKey,
    NODE_EXTRA_CA_CERTS: ca,
  };
  return kit.start(bundle, env, count);
}

/**
 * One vendor's agents: its local IdP, a Redis of its own (so that only this vendor's tokens are
 * counted there), and two agent processes sharing the token cache and cut-offs on it.
 */
interface VendorRun {
  readonly idp: LocalIdp;
  readonly redis: LocalRedis;
  readonly agents: readonly WorkerProcess[];
  /** The agents' adapter environment, which the web app's adapter uses too. */
  readonly env: Record<string, string>;
}

/** What every vendor run started, for `afterAll`. */
const started: { close(): Promise<void> }[] = [];

async function startVendorRun(
  vendor: string,
  accessTokenFormat: 'jwt' | 'opaque',
  revocationEnv = false,
): Promise<VendorRun> {
  const [runIdp, runRedis] = await Promise.all([
    startLocalIdp({ vendor, accessTokenFormat }),
    startRedisServer(),
  ]);
  started.push(runIdp, runRedis);
  const env = {
    ...runIdp.env(),
    ...(revocationEnv ? { OAUTH_REVOCATION_URL: runIdp.revocationUrl } : {}),
  };
  const runAgents = await startAgents(runIdp, runRedis.url, 2, env);
  return { idp: runIdp, redis: runRedis, agents: runAgents, env };
}

/**
 * The web app ending `human`'s delegations (logout) from its own process: its own adapter of the
 * run's vendor and its own client of the run's Redis, where the agents cache tokens and read
 * cut-offs.
 */
async function endDelegationFrom(run: VendorRun, human: string): Promise<EndedDelegation> {
  const adapter = await createAdapter(undefined, {
    env: run.env,
    plugins: PLUGINS,
    fetch: run.idp.fetch,
  });
  const client = createRedisClient({ url: run.redis.url });
  try {
    return await endDelegation({
      human,
      adapter,
      // Generous timeouts, as the workers': a healthy Redis may take over the default 1 s to
      // answer on a busy machine, and the call would then fail.
      cache: new RedisTokenCache({
        client,
        encryptionKeys: [{ id: 'k1', key: tokenCacheKey }],
        timeoutMs: 120_000,
      }),
      cutoffStore: new RedisDelegationCutoffStore({ client, timeoutMs: 120_000 }),
    });
  } finally {
    await client.close();
  }
}

/**
 * The vendors whose IdP revokes access tokens (RFC 7009), when they are opaque: Keycloak, Okta,
 * and the OAuth agent given `OAUTH_REVOCATION_URL`.
 */
const REVOKING_VENDORS = [
  { vendor: 'keycloak', revocationEnv: false },
  { vendor: 'okta', revocationEnv: false },
  { vendor: 'oauth', revocationEnv: true },
] as const;

const delegationRuns = new Map<string, VendorRun>();
const revocationRuns = new Map<string, VendorRun>();

beforeAll(async () => {
  [redis, idp, kit] = await Promise.all([
    startRedisServer(),
    startLocalIdp({ vendor: 'keycloak' }),
    createWorkerKit(),
  ]);
  // Every vendor's IdP, Redis and agent processes start together: most of this file's run time.
  await Promise.all([
    startAgents(idp, redis.url, 4).then((four) => {
      agents = four;
    }),
    ...IDP_VENDORS.map(async (vendor) => {
      delegationRuns.set(vendor, await startVendorRun(vendor, 'jwt'));
    }),
    ...REVOKING_VENDORS.map(async ({ vendor, revocationEnv }) => {
      revocationRuns.set(vendor, await startVendorRun(vendor, 'opaque', revocationEnv));
    }),
  ]);
});
afterAll(async () => {
  await kit?.remove();
  await Promise.all([redis?.close(), idp?.close(), ...started.map((s) => s.close())]);
});

describe('several instances sharing one Redis', () => {
  it('200 concurrent token requests from 4 processes for the same key make 1 IdP call', async () => {
    const before = idp.requests.length;
    // The IdP holds its first answer a while, so the other processes ask while it is under way.
    idp.failNext({ delayMs: 2000 });
    const digests = await Promise.all(
      agents.map((agent) => agent.call<string[]>('burst', { count: 50, sub: human('alice') })),
    );
    expect(idp.requests.length - before).toBe(1);
    expect(digests.flat()).toHaveLength(200);
    expect(new Set(digests.flat()).size).toBe(1);
  });

  it('one act JWT presented to two processes is accepted by exactly one', async () => {
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: human('bob') },
      agentEndpoint: AGENT_ENDPOINT,
    });
    const before = idp.requests.length;
    const [a, b] = agents as [WorkerProcess, WorkerProcess];
    const results = await Promise.all(
      [a, b].map((agent) => agent.call('receive', { actJwt, audience: AGENT_ENDPOINT })),
    );
    expect(results).toContainEqual({ accepted: true });
    expect(results).toContainEqual({ accepted: false, reason: 'replayed' });
    expect(idp.requests.length - before).toBe(1);
  });
});

describe.each(IDP_VENDORS)(
  'ending a delegation across agent instances sharing one Redis (local %s IdP)',
  (vendor) => {
    // The vendor's run, and the API reading the cut-offs on the same Redis.
    let run: VendorRun;
    let api: VendorApi;
    let apiClient: StoreRedisClient;

    beforeAll(async () => {
      run = delegationRuns.get(vendor) as VendorRun;
      apiClient = createRedisClient({ url: run.redis.url });
      api = await startVendorApi(run.idp, vendor, apiClient);
    });
    afterAll(async () => {
      await api?.close();
      await apiClient?.close();
    });

    it("after endDelegation, every instance's next call for that human fails; act JWTs signed before are refused; other humans keep working", async () => {
      const { idp: vendorIdp } = run;
      const [a, b] = run.agents as [WorkerProcess, WorkerProcess];
      const alice = actOf(vendorIdp, 'alice');
      const bob = actOf(vendorIdp, 'bob');
      const aliceToken = await a.call<HeldToken>('token', { act: alice });
      // The second instance is served the first one's token from Redis.
      expect(await b.call<HeldToken>('token', { act: alice })).toEqual(aliceToken);
      await a.call<HeldToken>('token', { act: bob });
      await b.call<HeldToken>('token', { act: bob });
      const callApi = (agent: WorkerProcess, act: Act) =>
        agent.call<{ status: number; reason: string }>('callApi', { url: api.url, sub: act.sub });
      const receive = (agent: WorkerProcess, actJwt: string) =>
        agent.call('receive', { actJwt, audience: AGENT_ENDPOINT });
      for (const agent of [a, b]) {
        expect(await callApi(agent, alice)).toMatchObject({ status: 200 });
        expect(await callApi(agent, bob)).toMatchObject({ status: 200 });
      }
      const sender = new HybridSender({ privateKey: vendorIdp.app.privateKeyPem });
      const sign = (act: Act) =>
        sender.prepareOutOfSessionAct({ act: { sub: act.sub }, agentEndpoint: AGENT_ENDPOINT });
      const aliceJwts = [await sign(alice), await sign(alice)] as const;
      const bobJwts = [await sign(bob), await sign(bob)] as const;

      const ended = await endDelegationFrom(run, alice.sub);
      expect(ended.droppedTokens).toBe(1);
      // These IdPs issue JWT access tokens: Auth0 and Entra ID revoke none, Keycloak and Okta
      // answer unsupported_token_type for them, and the OAuth agent has no OAUTH_REVOCATION_URL.
      // Revocation of opaque tokens is the next describe's; here the cut-off is what stops them.
      expect(ended.revocations).toEqual([
        {
          status: 'not-supported',
          message: expect.stringContaining(
            `the token expires at ${new Date(aliceToken.expiresAt).toISOString()}`,
          ),
          expiresAtMs: aliceToken.expiresAt,
        },
      ]);
      // Each instance and the API read the shared cut-off on their next call, so "within one
      // second" holds by design, whatever the machine's load: no wall time is asserted here.
      for (const [agent, index] of [
        [a, 0],
        [b, 1],
      ] as const) {
        expect(await callApi(agent, alice)).toEqual({
          status: 401,
          reason: 'access_token.revoked',
        });
        expect(await receive(agent, aliceJwts[index])).toEqual({
          accepted: false,
          reason: 'revoked',
        });
        expect(await callApi(agent, bob)).toMatchObject({ status: 200 });
        expect(await receive(agent, bobJwts[index])).toEqual({ accepted: true });
      }
      // The token cached for alice is gone for every instance: the next one comes from the IdP
      // (Auth0's tokens carry no jti, so one minted in the same second can equal the old one).
      const requestsBefore = vendorIdp.requests.length;
      await b.call<HeldToken>('token', { act: alice });
      expect(vendorIdp.requests.length - requestsBefore).toBe(1);
    });
  },
);

describe.each(REVOKING_VENDORS)(
  'ending a delegation revokes at the IdP the token that instances share through Redis (local $vendor IdP)',
  ({ vendor }) => {
    // The vendor's IdP issues opaque tokens here (oidc-provider revokes and introspects those).
    it("endDelegation from a third process revokes the human's token; introspection then says active: false", async () => {
      const run = revocationRuns.get(vendor) as VendorRun;
      const { idp: opaque } = run;
      const introspect = (token: string) => introspectToken(opaque, token);
      const [a, b] = run.agents as [WorkerProcess, WorkerProcess];
      const alice = actOf(opaque, 'alice');
      const bob = actOf(opaque, 'bob');
      const aliceToken = await a.call<HeldToken>('token', { act: alice });
      // The second instance is served the first one's token from Redis.
      expect(await b.call<HeldToken>('token', { act: alice })).toEqual(aliceToken);
      await b.call<HeldToken>('token', { act: bob });
      const issued = (act: Act) =>
        opaque.tokens.filter((t) => t.human === act.sub).map((t) => t.tokenId);
      const [aliceId] = issued(alice);
      const [bobId] = issued(bob);
      expect(issued(alice)).toHaveLength(1);
      expect(createHash('sha256').update(String(aliceId)).digest('base64url')).toBe(
        aliceToken.digest,
      );

      const ended = await endDelegationFrom(run, alice.sub);
      expect(ended.droppedTokens).toBe(1);
      expect(ended.revocations).toEqual([{ status: 'revoked', endpoint: opaque.revocationUrl }]);
      expect(await introspect(String(aliceId))).toEqual({ active: false });
      expect(opaque.tokens.find((t) => t.tokenId === aliceId)?.revoked).toBe(true);
      expect(await introspect(String(bobId))).toMatchObject({ active: true });
    });
  },
);

describe('several API instances sharing one Redis', () => {
  let entra: LocalIdp;
  let apis: WorkerProcess[];

  beforeAll(async () => {
    entra = await startLocalIdp({ vendor: 'entraid' });
    const [bundle, ca] = await Promise.all([
      kit.bundle(API_WORKER),
      kit.file('entra-ca.pem', entra.caPem),
    ]);
    apis = await kit.start(
      bundle,
      {
        REDIS_URL: redis.url,
        ISSUER: entra.issuer,
        AUDIENCE: entra.audience,
        JWKS_URI: entra.jwksUrl,
        APP_PUBLIC_KEY: entra.app.publicKeyPem,
        NODE_EXTRA_CA_CERTS: ca,
      },
      2,
    );
  });
  afterAll(async () => {
    await entra?.close();
  });

  it('an Entra act assertion moved onto another access token is refused by both API processes', async () => {
    const config = await getConfig({ vendor: 'entraid', env: entra.env() });
    const adapter = createEntraAdapter(config, { fetch: entra.fetch });
    const alice = [...entra.humans.values()].find((h) => h.username === 'alice');
    const act = { sub: alice?.sub ?? '', ...(alice?.oid === undefined ? {} : { oid: alice.oid }) };
    const request = { agentId: 'finance-agent', act, scope: ['finance.read'] };
    const bound = await adapter.requestToken(request);
    const other = await adapter.requestToken(request);
    expect(other.accessToken).not.toBe(bound.accessToken);
    const send = (api: WorkerProcess, accessToken: string) =>
      api.call<{ status: number; reason: string }>('check', {
        authorization: `Bearer ${accessToken}`,
        actAssertion: bound.actAssertion,
      });
    const [api1, api2] = apis as [WorkerProcess, WorkerProcess];
    expect(await send(api1, bound.accessToken)).toMatchObject({ status: 200 });
    // API 2 has never seen this assertion: only the shared store knows it is bound elsewhere.
    expect(await send(api2, other.accessToken)).toEqual({
      status: 401,
      reason: 'act_assertion.replayed',
    });
    expect(await send(api1, other.accessToken)).toEqual({
      status: 401,
      reason: 'act_assertion.replayed',
    });
    // The pair it is bound to stays good on every instance (cached tokens, retries).
    expect(await send(api2, bound.accessToken)).toMatchObject({ status: 200 });
  });

  it("after endDelegation, both API processes refuse the human's still-valid token; another human's passes", async () => {
    const config = await getConfig({ vendor: 'entraid', env: entra.env() });
    const adapter = createEntraAdapter(config, { fetch: entra.fetch });
    const request = (username: string) => {
      const found = [...entra.humans.values()].find((h) => h.username === username);
      const act = {
        sub: found?.sub ?? '',
        ...(found?.oid === undefined ? {} : { oid: found.oid }),
      };
      return adapter.requestToken({ agentId: 'finance-agent', act, scope: ['finance.read'] });
    };
    const [alice, bob] = [await request('alice'), await request('bob')];
    const send = (api: WorkerProcess, token: typeof alice) =>
      api.call<{ status: number; reason: string }>('check', {
        authorization: `Bearer ${token.accessToken}`,
        actAssertion: token.actAssertion,
      });
    const [api1, api2] = apis as [WorkerProcess, WorkerProcess];
    expect(await send(api1, alice)).toMatchObject({ status: 200 });
    const client = createRedisClient({ url: redis.url });
    try {
      const human = [...entra.humans.values()].find((h) => h.username === 'alice')?.sub ?? '';
      const cutoffStore = new RedisDelegationCutoffStore({ client, timeoutMs: 120_000 });
      await endDelegation({ human, cutoffStore });
    } finally {
      await client.close();
    }
    for (const api of [api1, api2]) {
      expect(await send(api, alice)).toEqual({ status: 401, reason: 'access_token.revoked' });
      expect(await send(api, bob)).toMatchObject({ status: 200 });
    }
  });
});
