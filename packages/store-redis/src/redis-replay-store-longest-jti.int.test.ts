import { InMemoryReplayStore, type ReplayStore } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { ActJwtVerifier } from '@dual-auth/session';
import { loadTokenProfile } from '@dual-auth/testing';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// The verifiers accept a `jti` of up to 256 characters (core's MAX_JTI_LENGTH), the longest claim
// RedisReplayStore takes. The guard claims an act assertion's `jti` as `act-assertion:<app id>:<jti>`;
// were that longer claim passed on, the store's TypeError would be a 503 "try again later" on every
// retry of a valid request the in-memory store admits. Both stores must admit it, and still refuse
// its replay.
const ISSUER = 'https://sts.windows.net/tenant-id/';
const AUDIENCE = 'api://finance';
const ACT_AUDIENCE = 'https://api.example.com/finance';
const APP_ID = '11111111-2222-3333-4444-555555555555';
const HUMAN = { sub: 'alice@contoso.example', oid: '00000000-0000-0000-0000-0000000a11ce' };

let client: StoreRedisClient;
let idp: CryptoKeyPair;
let app: CryptoKeyPair;

redisPerFile((started) => ({ client } = started));
beforeAll(async () => {
  [idp, app] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
});

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

async function requestWithJti(jti: string, tokenId = 'token-1'): Promise<Request> {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(
    {
      ...{ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, sub: 'sp', appid: APP_ID },
      tid: 't',
      uti: tokenId,
    },
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

  it('is admitted with the Redis replay store too, not answered 503, and its replay refused', async () => {
    const store = replayStoreFor(client, { prefix: 'longest-jti:' });
    const guard = await guardWith(store);
    const decision = await guard.checkRequest(await requestWithJti(jti));
    expect(decision.status).not.toBe(503);
    expect(decision.decision).toBe('ALLOW');
    const replay = await guard.checkRequest(await requestWithJti(jti, 'token-2'));
    expect(replay).toMatchObject({ decision: 'DENY', status: 401 });
  });

  it('an act JWT of the session verifier with that jti is admitted once by the Redis store', async () => {
    const store = replayStoreFor(client, { prefix: 'longest-jti-session:' });
    const verifier = new ActJwtVerifier({
      publicKey: app.publicKey,
      expectedAudience: ACT_AUDIENCE,
      replayStore: store,
    });
    const now = Math.floor(Date.now() / 1000);
    const actJwt = await sign(
      {
        iss: 'application',
        sub: 'application',
        aud: ACT_AUDIENCE,
        iat: now,
        exp: now + 60,
        jti,
        act: HUMAN,
      },
      app.privateKey,
    );
    expect((await verifier.verify(actJwt)).jti).toBe(jti);
    await expect(verifier.verify(actJwt)).rejects.toMatchObject({ reason: 'replayed' });
  });
});
