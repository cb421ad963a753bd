import { generateKeyPairSync } from 'node:crypto';
import { type Auth0Config, getConfig, TokenRequestError } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth0AdapterOptions } from './auth0-adapter.js';
import { Auth0Adapter } from './auth0-adapter.js';

let idp: LocalIdp;
let strictIdp: LocalIdp;
let config: Auth0Config;
beforeAll(async () => {
  [idp, strictIdp] = await Promise.all([
    startLocalIdp({ vendor: 'auth0' }),
    startLocalIdp({ vendor: 'auth0', strict: true }),
  ]);
  config = (await getConfig({ vendor: 'auth0', env: idp.env() })) as Auth0Config;
});
afterAll(() => Promise.all([idp.close(), strictIdp.close()]));

function adapter(options: Auth0AdapterOptions = {}, fields: Partial<Auth0Config> = {}, on = idp) {
  const merged = { ...config, clientSecret: config.clientSecret, tokenUrl: on.tokenUrl, ...fields };
  return new Auth0Adapter(merged, { fetch: on.fetch, retry: false, ...options });
}

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!TokenRequestError.isInstance(error))
    throw new Error(`expected TokenRequestError, got ${error}`);
  return error;
}

async function verify(on: LocalIdp, accessToken: string) {
  const jwks = createRemoteJWKSet(new URL(on.jwksUrl), { [customFetch]: on.fetch });
  return (await jwtVerify(accessToken, jwks, { issuer: on.issuer, audience: on.audience })).payload;
}

describe('Auth0Adapter against the local Auth0-shaped IdP', () => {
  it('gets a token carrying the agent and act.sub (reference client_secret_jwt)', async () => {
    const sub = [...idp.humans.values()][0]?.sub ?? 'auth0|x';
    const token = await adapter().requestToken({
      agentId: config.clientId,
      act: { sub },
      scope: [],
    });
    expect(await verify(idp, token.accessToken)).toMatchObject({
      sub: `${config.clientId}@clients`,
      azp: config.clientId,
      gty: 'client-credentials',
      act: { sub },
    });
  });

  it('wrong secret → 401 invalid_client', async () => {
    const error = await failure(
      adapter({}, { clientSecret: 'not-the-secret-0123456789abcdef012' }).requestToken({
        agentId: config.clientId,
        act: { sub: 'auth0|1' },
        scope: [],
      }),
    );
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', vendor: 'auth0' });
  });

  it('an expired assertion is rejected by the IdP', async () => {
    const error = await failure(
      adapter({ clock: { now: () => Date.now() - 3_600_000 } }).requestToken({
        agentId: config.clientId,
        act: { sub: 'auth0|1' },
        scope: [],
      }),
    );
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('strict tenant: private_key_jwt works, the HS256 assertion is refused', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: 'k1' };
    strictIdp.addAgent({
      clientId: 'strict-agent',
      publicJwk,
      roles: ['FinanceAgent'],
      permissions: ['read:finance-data'],
    });
    const strict = adapter(
      {
        clientAuthentication: 'private_key_jwt',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        kid: 'k1',
      },
      { clientId: 'strict-agent', clientSecret: '', audience: strictIdp.audience },
      strictIdp,
    );
    const token = await strict.requestToken({
      agentId: 'strict-agent',
      act: { sub: 'auth0|7' },
      scope: [],
    });
    expect(await verify(strictIdp, token.accessToken)).toMatchObject({
      azp: 'strict-agent',
      act: { sub: 'auth0|7' },
    });
    const refused = await failure(
      adapter({}, { audience: strictIdp.audience }, strictIdp).requestToken({
        agentId: config.clientId,
        act: { sub: 'auth0|7' },
        scope: [],
      }),
    );
    expect(refused).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('refuses act without sub before any network call', async () => {
    const before = idp.requests.length;
    await expect(
      adapter().requestToken({ agentId: config.clientId, act: { sub: '' }, scope: [] }),
    ).rejects.toThrow("Act claim 'sub' field cannot be empty");
    expect(idp.requests.length).toBe(before);
  });
});
