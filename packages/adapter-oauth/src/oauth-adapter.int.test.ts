import { generateKeyPairSync } from 'node:crypto';
import { assertVendor, createAdapter, getConfig, TokenRequestError } from '@dual-auth/core';
import {
  introspectToken,
  type LocalIdp,
  startLocalIdp,
  verifyAccessToken,
} from '@dual-auth/testing';
import { runIamAdapterConformance } from '@dual-auth/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthPlugin } from './index.js';
import { oauthLocalIdp } from './testing/index.js';

runIamAdapterConformance({ plugin: oauthPlugin, profile: oauthLocalIdp });

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
});
afterAll(() => idp.close());

const request = { agentId: 'finance-agent', act: { sub: 'u-1' }, scope: ['finance.read'] };

describe('OAuthAdapter against the standards-based local IdP', () => {
  it('plugs in by DUAL_AUTH_VENDOR=oauth alone: core loads @dual-auth/adapter-oauth by name', async () => {
    const importModule = (specifier: string) => import(/* @vite-ignore */ specifier);
    const adapter = await createAdapter(undefined, {
      env: idp.env(),
      importModule,
      fetch: idp.fetch,
    });
    const token = await adapter.requestToken(request);
    const { payload } = await verifyAccessToken(idp, token.accessToken);
    expect(payload).toMatchObject({ client_id: 'finance-agent', act: { sub: 'u-1' } });
    expect(adapter.vendor).toBe('oauth');
  });

  it('private_key_jwt: the agent key signs the assertion, no client secret needed', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    idp.addAgent({
      clientId: 'key-agent',
      scopes: ['finance.read'],
      publicJwk: {
        ...publicKey.export({ format: 'jwk' }),
        alg: 'PS256',
        use: 'sig',
        kid: 'k1',
      } as JsonWebKey,
    });
    const { AGENT_CLIENT_SECRET: _, ...env } = idp.env('key-agent');
    const config = await getConfig({
      env: {
        ...env,
        OAUTH_TOKEN_AUTH_METHOD: 'private_key_jwt',
        OAUTH_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        OAUTH_KEY_ID: 'k1',
        OAUTH_SIGNING_ALG: 'PS256',
      },
      plugins: [oauthPlugin],
    });
    assertVendor(config, 'oauth');
    const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: false });
    const token = await adapter.requestToken({ ...request, agentId: 'key-agent' });
    expect(idp.requests.at(-1)?.assertion?.header).toMatchObject({ alg: 'PS256', kid: 'k1' });
    const { payload } = await verifyAccessToken(idp, token.accessToken);
    expect(payload).toMatchObject({ client_id: 'key-agent', act: { sub: 'u-1' } });
  });

  it('an assertion for another audience is refused by the IdP', async () => {
    const config = await getConfig({
      env: { ...idp.env(), OAUTH_ASSERTION_AUDIENCE: 'https://elsewhere.example/token' },
      plugins: [oauthPlugin],
    });
    assertVendor(config, 'oauth');
    const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: false });
    const error = await adapter.requestToken(request).catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', vendor: 'oauth' });
  });
});

describe('OAuthAdapter.revokeToken against the local IdP (opaque tokens, RFC 7009 and RFC 7662)', () => {
  let opaque: LocalIdp;
  beforeAll(async () => {
    opaque = await startLocalIdp({ vendor: 'oauth', accessTokenFormat: 'opaque' });
  }, 60_000);
  afterAll(() => opaque?.close());

  const introspect = (token: string) => introspectToken(opaque, token);

  async function adapterWith(env: Record<string, string>) {
    const config = await getConfig({ env, plugins: [oauthPlugin] });
    assertVendor(config, 'oauth');
    return oauthPlugin.createAdapter(config, { fetch: opaque.fetch, retry: false });
  }

  it('with OAUTH_REVOCATION_URL revokes at it (client_secret_jwt); introspection then says active: false', async () => {
    const adapter = await adapterWith({
      ...opaque.env(),
      OAUTH_REVOCATION_URL: opaque.revocationUrl,
    });
    const token = await adapter.requestToken(request);
    const other = await adapter.requestToken({ ...request, act: { sub: 'u-2' } });
    expect(await introspect(token.accessToken)).toMatchObject({ active: true });

    expect(await adapter.revokeToken?.(token)).toEqual({
      status: 'revoked',
      endpoint: opaque.revocationUrl,
    });
    expect(await introspect(token.accessToken)).toEqual({ active: false });
    expect(opaque.tokens.find((t) => t.tokenId === token.accessToken)?.revoked).toBe(true);
    expect(await introspect(other.accessToken)).toMatchObject({ active: true });
  });

  it('authenticates the revocation as its token requests: private_key_jwt', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    opaque.addAgent({
      clientId: 'key-agent',
      scopes: ['finance.read'],
      publicJwk: { ...publicKey.export({ format: 'jwk' }), alg: 'RS256', kid: 'k1' } as JsonWebKey,
    });
    const { AGENT_CLIENT_SECRET: _, ...env } = opaque.env('key-agent');
    const adapter = await adapterWith({
      ...env,
      OAUTH_TOKEN_AUTH_METHOD: 'private_key_jwt',
      OAUTH_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      OAUTH_KEY_ID: 'k1',
      OAUTH_REVOCATION_URL: opaque.revocationUrl,
    });
    const token = await adapter.requestToken({ ...request, agentId: 'key-agent' });
    expect(await adapter.revokeToken?.(token)).toEqual({
      status: 'revoked',
      endpoint: opaque.revocationUrl,
    });
    expect(await introspect(token.accessToken)).toEqual({ active: false });
  });

  it('without it answers "not supported, the token expires at …" and sends nothing', async () => {
    const adapter = await adapterWith(opaque.env());
    const token = await adapter.requestToken(request);
    expect(await adapter.revokeToken?.(token)).toEqual({
      status: 'not-supported',
      message: `oauth does not revoke access tokens (OAUTH_REVOCATION_URL is not set); the token expires at ${new Date(token.expiresAt).toISOString()}`,
      expiresAtMs: token.expiresAt,
    });
    expect(await introspect(token.accessToken)).toMatchObject({ active: true });
  });
});
