import { generateKeyPairSync } from 'node:crypto';
import { getConfig, TokenRequestError } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { runIamAdapterConformance } from '@dual-auth/testing/conformance';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth0Adapter } from './auth0-adapter.js';
import type { Auth0Config } from './auth0-config.js';
import { auth0Plugin } from './index.js';
import { auth0LocalIdp } from './testing/index.js';

runIamAdapterConformance({ plugin: auth0Plugin, profile: auth0LocalIdp });

let strictIdp: LocalIdp;
let config: Auth0Config;
beforeAll(async () => {
  strictIdp = await startLocalIdp({ vendor: 'auth0', vendorOptions: { strict: true } });
  config = await getConfig({ vendor: 'auth0', env: strictIdp.env(), plugins: [auth0Plugin] });
});
afterAll(() => strictIdp.close());

describe('Auth0Adapter against a strict Auth0-shaped tenant', () => {
  it('private_key_jwt works, the reference HS256 assertion is refused', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid: 'k1' };
    strictIdp.addAgent({
      clientId: 'strict-agent',
      publicJwk,
      roles: ['FinanceAgent'],
      permissions: ['read:finance-data'],
    });
    const strict = new Auth0Adapter(
      { ...config, clientId: 'strict-agent', clientSecret: '' },
      {
        fetch: strictIdp.fetch,
        retry: false,
        clientAuthentication: 'private_key_jwt',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        kid: 'k1',
      },
    );
    const token = await strict.requestToken({
      agentId: 'strict-agent',
      act: { sub: 'auth0|7' },
      scope: [],
    });
    const jwks = createRemoteJWKSet(new URL(strictIdp.jwksUrl), { [customFetch]: strictIdp.fetch });
    const { payload } = await jwtVerify(token.accessToken, jwks, {
      issuer: strictIdp.issuer,
      audience: strictIdp.audience,
    });
    expect(payload).toMatchObject({ azp: 'strict-agent', act: { sub: 'auth0|7' } });

    const reference = new Auth0Adapter(
      { ...config, clientSecret: config.clientSecret },
      { fetch: strictIdp.fetch, retry: false },
    );
    const refused = await reference
      .requestToken({ agentId: config.clientId, act: { sub: 'auth0|7' }, scope: [] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(strictIdp.requests.at(-1)?.errorDetail).toContain('accepts only private_key_jwt');
  });
});
