import { getConfig, TokenRequestError } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { runIamAdapterConformance } from '@dual-auth/testing/conformance';
import { importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraIDAdapter } from './entraid-adapter.js';
import type { EntraIdConfig } from './entraid-config.js';
import { entraIdPlugin } from './index.js';
import { entraIdLocalIdp } from './testing/index.js';

runIamAdapterConformance({ plugin: entraIdPlugin, profile: entraIdLocalIdp });

let idp: LocalIdp;
let config: EntraIdConfig;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'entraid' });
  config = await getConfig({ vendor: 'entraid', env: idp.env(), plugins: [entraIdPlugin] });
});
afterAll(() => idp.close());

function adapter(fields: Partial<EntraIdConfig> = {}) {
  const merged = {
    ...config,
    clientSecret: config.clientSecret,
    appPrivateKey: config.appPrivateKey,
    ...fields,
  };
  return new EntraIDAdapter(merged, { fetch: idp.fetch, retry: false });
}

describe('EntraIDAdapter against the local Entra-shaped IdP', () => {
  it('returns the configured scope and an act assertion from APP_ID for API_AUDIENCE', async () => {
    const alice = [...idp.humans.values()][0];
    const act = { sub: alice?.sub ?? '', oid: alice?.oid ?? '' };
    const token = await adapter().requestToken({ agentId: config.clientId, act, scope: [] });
    const appKey = await importJWK(idp.app.publicJwk, 'RS256');
    const assertion = await jwtVerify(token.actAssertion ?? '', appKey, {
      issuer: config.appId,
      subject: config.appId,
      audience: config.actAudience,
    });
    expect(assertion.payload.act).toEqual(act);
    expect(token).toMatchObject({ expiresIn: 3599, scope: config.scope });
  });

  it('wrong secret → the reference message and Entra error_codes', async () => {
    const error = await adapter({ clientSecret: 'wrong-secret' })
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
});
