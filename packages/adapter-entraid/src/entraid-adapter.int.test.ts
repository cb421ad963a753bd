import { type EntraIdConfig, getConfig, TokenRequestError } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { createRemoteJWKSet, customFetch, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntraIDAdapterOptions } from './entraid-adapter.js';
import { EntraIDAdapter } from './entraid-adapter.js';

let idp: LocalIdp;
let config: EntraIdConfig;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'entraid' });
  config = (await getConfig({ vendor: 'entraid', env: idp.env() })) as EntraIdConfig;
});
afterAll(() => idp.close());

function adapter(options: EntraIDAdapterOptions = {}, fields: Partial<EntraIdConfig> = {}) {
  const merged = {
    ...config,
    clientSecret: config.clientSecret,
    appPrivateKey: config.appPrivateKey,
    ...fields,
  };
  return new EntraIDAdapter(merged, { fetch: idp.fetch, retry: false, ...options });
}

const human = () => [...idp.humans.values()][0];

describe('EntraIDAdapter against the local Entra-shaped IdP', () => {
  it('returns the agent token and an RS256 act assertion that verifies with the app key', async () => {
    const alice = human();
    const act = { sub: alice?.sub ?? '', oid: alice?.oid ?? '' };
    const token = await adapter().requestToken({ agentId: config.clientId, act, scope: [] });
    const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
    const agent = await jwtVerify(token.accessToken, jwks, {
      issuer: idp.issuer,
      audience: idp.audience,
    });
    expect(agent.payload).toMatchObject({ appid: config.clientId, roles: ['FinanceAgent'] });
    expect(agent.payload.act).toBeUndefined();
    const appKey = await importJWK(idp.app.publicJwk, 'RS256');
    const assertion = await jwtVerify(token.actAssertion ?? '', appKey, {
      issuer: config.appId,
      subject: config.appId,
      audience: config.actAudience,
    });
    expect(assertion.payload.act).toEqual(act);
    expect(token).toMatchObject({ expiresIn: 3599, scope: config.scope });
  });

  it('wrong secret → 401 with invalid_client and Entra error_codes', async () => {
    const error = await adapter({}, { clientSecret: 'wrong-secret' })
      .requestToken({ agentId: config.clientId, act: { sub: 'u' }, scope: [] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Token request failed (HTTP 401): Authentication failed',
      status: 401,
      error: 'invalid_client',
      vendor: 'entraid',
    });
    expect((error as TokenRequestError).vendorCodes?.length).toBeGreaterThan(0);
  });

  it('refuses act without sub before any network call', async () => {
    const before = idp.requests.length;
    await expect(
      adapter().requestToken({ agentId: config.clientId, act: { oid: 'x' } as never, scope: [] }),
    ).rejects.toThrow("Act claim must contain 'sub' field");
    expect(idp.requests.length).toBe(before);
  });
});
