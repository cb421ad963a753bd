import { createKeycloakAdapter } from '@dual-auth/adapter-keycloak';
import { ActVerificationError, getConfig, type IamAdapter } from '@dual-auth/core';
import {
  HybridSender,
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  SingleFlightTokenCache,
} from '@dual-auth/session';
import {
  createRecordingLogger,
  type LocalIdp,
  type LocalRedis,
  type RecordingLogger,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisClient,
  RedisReplayStore,
  RedisTokenCache,
  type StoreRedisClient,
} from '../src/index.js';
import { eventually, readyClient } from './support/redis-client.js';
import { replayStoreFor, tokenCacheFor } from './support/stores.js';

// One app instance whose Redis goes away mid-test and comes back, on the same client objects.
const AGENT_ENDPOINT = 'https://agent.example.com/invoke';
const SCOPE = ['finance.read'];

let redis: LocalRedis;
let idp: LocalIdp;
let client: StoreRedisClient;
let probe: StoreRedisClient;
let logger: RecordingLogger;
let inSession: InSessionTokenRequest;
let outOfSession: OutOfSessionTokenRequest;
// The same client and prefix, stores that wait as long as a test may: for the calls that must
// succeed on a healthy Redis (a loaded machine can take over 500 ms, the first claim also runs the
// store's checks). The 500 ms stores above are the ones Redis goes away under.
let healthyInSession: InSessionTokenRequest;
let healthyOutOfSession: OutOfSessionTokenRequest;
let sender: HybridSender;
let subs: string[];

async function receive(sub: string, receiver = outOfSession): Promise<string> {
  const actJwt = await sender.prepareOutOfSessionAct({
    act: { sub },
    agentEndpoint: AGENT_ENDPOINT,
  });
  try {
    await receiver.requestTokenFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: SCOPE,
      expectedAudience: AGENT_ENDPOINT,
    });
    return 'accepted';
  } catch (error) {
    if (!ActVerificationError.isInstance(error)) throw error;
    return error.reason;
  }
}

const tokenFor = (sub: string, requester = inSession) =>
  requester.requestToken({ agentId: 'finance-agent', act: { sub }, scope: SCOPE });

beforeAll(async () => {
  [redis, idp] = await Promise.all([startRedisServer(), startLocalIdp({ vendor: 'keycloak' })]);
  const config = await getConfig({ vendor: 'keycloak', env: idp.env() });
  const adapter: IamAdapter = createKeycloakAdapter(config, { fetch: idp.fetch });
  logger = createRecordingLogger();
  client = createRedisClient({ url: redis.url, logger, reconnectMaxDelayMs: 200 });
  probe = await readyClient(redis.url);
  const encryptionKeys = [{ id: 'k1', key: new Uint8Array(32).fill(9) }];
  const replayStore = new RedisReplayStore({ client, timeoutMs: 500 });
  const store = new RedisTokenCache({
    client,
    timeoutMs: 500,
    encryptionKeys,
  });
  const cache = new SingleFlightTokenCache({ store, logger });
  inSession = new InSessionTokenRequest({ adapter, cache });
  outOfSession = new OutOfSessionTokenRequest({
    adapter,
    cache,
    replayStore,
    publicKey: idp.app.publicKeyPem,
  });
  const healthyCache = new SingleFlightTokenCache({
    store: tokenCacheFor(client, { encryptionKeys }),
    logger,
  });
  healthyInSession = new InSessionTokenRequest({ adapter, cache: healthyCache });
  healthyOutOfSession = new OutOfSessionTokenRequest({
    adapter,
    cache: healthyCache,
    replayStore: replayStoreFor(client),
    publicKey: idp.app.publicKeyPem,
  });
  sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
  subs = [...idp.humans.values()].map((h) => h.sub);
});
afterAll(async () => {
  await Promise.all([client?.close(), probe?.close()]);
  await Promise.all([redis?.close(), idp?.close()]);
});

describe('when Redis goes away', () => {
  it('fails replay checks closed, keeps the token path working, and recovers without a restart', async () => {
    const [alice, bob] = subs as [string, string];
    await eventually(async () => client.isReady);
    expect(await receive(alice, healthyOutOfSession)).toBe('accepted');

    await redis.stop();
    expect(await receive(alice)).toBe('replay_store_unavailable');
    let before = idp.requests.length;
    expect((await tokenFor(bob)).accessToken).toMatch(/^ey/);
    expect(idp.requests.length - before).toBe(1);

    await redis.start(); // same port, empty: persistence is off
    await eventually(async () => (await receive(alice)) === 'accepted');
    await eventually(async () => {
      await tokenFor(bob);
      return (await probe.keys('dual-auth:*:token:*')).length > 0;
    });
    before = idp.requests.length;
    await tokenFor(bob, healthyInSession);
    expect(idp.requests.length - before).toBe(0);
  });

  it('fails closed when Redis hangs (accepts connections, answers nothing), within timeoutMs', async () => {
    const [, , carol = 'carol'] = subs;
    // This test's records only: a lock that timed out while the first test waited for a restarted
    // Redis (a loaded machine) is no lock tried after a timed-out get.
    const mark = logger.records.length;
    redis.pause();
    try {
      expect(await receive(carol)).toBe('replay_store_unavailable');
      const before = idp.requests.length;
      expect((await tokenFor(carol)).accessToken).toMatch(/^ey/);
      expect(idp.requests.length - before).toBe(1);
    } finally {
      redis.resume();
    }
    expect(await receive(carol, healthyOutOfSession)).toBe('accepted');
    const operations = logger.records
      .slice(mark)
      .filter((r) => r.event === 'token_cache_error')
      .map((r) => r.fields?.operation);
    // One store wait per request: after the get timed out, no lock (and no set) is tried.
    expect(operations).toContain('get');
    expect(operations).not.toContain('lock');
    expect(JSON.stringify(logger.records)).not.toMatch(/ey[\w-]{20}|redis:\/\//);
  });
});
