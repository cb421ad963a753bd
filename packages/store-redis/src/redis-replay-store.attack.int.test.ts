import { InMemoryReplayStore, type ReplayStore } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { loadTokenProfile } from '@dual-auth/testing';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisWithClient, stopRedisWithClient } from '../test/support/redis-client.js';
import type { StoreRedisClient } from './index.js';
import { RedisReplayStore } from './redis-replay-store.js';

// Attack: the guard accepts an act assertion `jti` of up to 256 characters (core's MAX_JTI_LENGTH)
// but claims it as `act-assertion:<app id>:<jti>`; RedisReplayStore refuses any claim longer than
// 256 characters with a TypeError (not StoreUnavailableError), which the guard answers 503
// "try again later". A request that is valid, and that the in-memory store admits, is refused as an
// outage on every retry, and any agent can raise the API's 5xx rate at will.
const ISSUER = 'https://sts.windows.net/tenant-id/';
const AUDIENCE = 'api://finance';
const ACT_AUDIENCE = 'https://api.example.com/finance';
const APP_ID = '11111111-2222-3333-4444-555555555555';
const HUMAN = { sub: 'alice@contoso.example', oid: '00000000-0000-0000-0000-0000000a11ce' };

let redis: Awaited<ReturnType<typeof startRedisWithClient>>['redis'];
let client: StoreRedisClient;
let idp: CryptoKeyPair;
let app: CryptoKeyPair;

beforeAll(async () => {
  ({ redis, client } = await startRedisWithClient());
  [idp, app] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
});
afterAll(() => stopRedisWithClient({ redis, client }));

const sign = (claims: JWTPayload, key: CryptoKey) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);

async function guardWith(replayStore: ReplayStore) {
  return createDualAuthGuard({
    profile: await loadTokenProfile('entraid'),
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: idp.publicKey,
    agentAllowed: () => true,
    humanAllowed: () => true,
    boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys: app.publicKey, replayStore },
  });
}

async function requestWithJti(jti: string): Promise<Request> {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(
    { iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, sub: 'sp', appid: APP_ID, tid: 't' },
    idp.privateKey,
  );
  const assertion = await sign(
    { iss: APP_ID, sub: APP_ID, aud: ACT_AUDIENCE, iat: now, exp: now + 300, jti, act: HUMAN },
    app.privateKey,
  );
  return new Request('https://api.example.test/balance', {
    headers: { authorization: `Bearer ${token}`, 'x-act-assertion': assertion },
  });
}

describe('bound act assertion jti of the longest accepted length', () => {
  const jti = `j-${crypto.randomUUID()}`.padEnd(256, 'x');

  it('is admitted with the in-memory replay store (control)', async () => {
    const guard = await guardWith(new InMemoryReplayStore());
    expect((await guard.checkRequest(await requestWithJti(jti))).decision).toBe('ALLOW');
  });

  it('is admitted with the Redis replay store too, not answered 503', async () => {
    const store = new RedisReplayStore({ client, prefix: 'attack:', timeoutMs: 30_000 });
    const decision = await (await guardWith(store)).checkRequest(await requestWithJti(jti));
    expect(decision.status).not.toBe(503);
    expect(decision.decision).toBe('ALLOW');
  });
});
