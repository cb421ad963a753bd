import { generateKeyPairSync } from 'node:crypto';
import type { AdapterPlugin } from '@dual-auth/core';
import { ConfigurationError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth0Adapter } from './auth0-adapter.js';
import type { Auth0AdapterOptions } from './auth0-adapter-options.js';
import type { Auth0Config } from './auth0-config.js';
import { auth0Plugin as plugin } from './index.js';

const SECRET = 'auth0-secret-0123456789abcdef0123456789';
const act = { sub: 'auth0|u1', email: 'a@x.com' };
let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function adapter(config: Partial<Auth0Config> = {}, options: Auth0AdapterOptions = {}) {
  return new Auth0Adapter(
    {
      vendor: 'auth0',
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'agent-1',
      clientSecret: SECRET,
      audience: 'https://api',
      ...config,
    },
    { fetch: server.fetch, retry: false, ...options },
  );
}

async function sent(options: Auth0AdapterOptions = {}, scope = ['read:finance-data']) {
  server.reply({ status: 200, body: { access_token: 'AT', token_type: 'Bearer' } });
  const token = await adapter({}, options).requestToken({ agentId: 'agent-1', act, scope });
  const request = server.requests.at(-1);
  const assertion = request?.fields.client_assertion ?? '';
  return {
    token,
    body: request?.body ?? '',
    assertion,
    fields: request?.form.map(([f]) => f) ?? [],
  };
}

describe('Auth0Adapter: the request on the wire (docs/wire-format.md#auth0)', () => {
  it('sends the reference body: client_id, audience, no scope; aud = tenant URL with slash', async () => {
    const { token, body, assertion, fields } = await sent();
    expect(body).toMatch(
      /^grant_type=client_credentials&client_id=agent-1&audience=https%3A%2F%2Fapi&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=[\w.-]+$/,
    );
    expect(fields).toEqual([
      'grant_type',
      'client_id',
      'audience',
      'client_assertion_type',
      'client_assertion',
    ]);
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(assertion, new TextEncoder().encode(SECRET));
    expect(Object.keys(payload)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'act']);
    expect(payload).toMatchObject({ iss: 'agent-1', sub: 'agent-1', aud: `${server.url}/`, act });
    expect(token).toMatchObject({
      expiresIn: 86_400,
      scope: 'read:finance-data',
      tokenType: 'Bearer',
    });
  });

  it('sends the scope after audience only with sendScope', async () => {
    const { fields, body } = await sent({ sendScope: true }, ['read:a', 'read:b']);
    expect(fields.slice(0, 4)).toEqual(['grant_type', 'client_id', 'audience', 'scope']);
    expect(body).toContain('&scope=read%3Aa+read%3Ab&');
  });

  it('signs private_key_jwt with RS256 and the kid, without needing the secret', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    server.reply({ status: 200, body: { access_token: 'AT' } });
    const strict = adapter(
      { clientSecret: '' },
      {
        clientAuthentication: 'private_key_jwt',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        kid: 'cred-1',
      },
    );
    await strict.requestToken({ agentId: 'agent-1', act, scope: [] });
    const assertion = server.requests.at(-1)?.fields.client_assertion ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', kid: 'cred-1', typ: 'JWT' });
    const key = await importSPKI(
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
      'RS256',
    );
    const { payload } = await jwtVerify(assertion, key, { audience: `${server.url}/` });
    expect(payload.sub).toBe('agent-1');
    expect(String(strict)).toContain('clientAuthentication=private_key_jwt');
  });
});

describe('Auth0Adapter: errors and configuration', () => {
  it('reports 429 with the reference message and Retry-After', async () => {
    server.reply({ status: 429, body: { error: 'too_many_requests' } });
    await expect(
      adapter().requestToken({ agentId: 'agent-1', act, scope: [] }),
    ).rejects.toMatchObject({
      message: 'Token request failed (HTTP 429): Rate limit exceeded - too many requests to Auth0',
      status: 429,
      error: 'too_many_requests',
      retryable: true,
    });
  });

  it('requires the audience and, for private_key_jwt, a key', () => {
    expect(() => adapter({ audience: '' })).toThrow(ConfigurationError);
    expect(() => adapter({ audience: '' })).toThrow(
      "Auth0 adapter requires 'audience' configuration",
    );
    expect(() => adapter({}, { clientAuthentication: 'private_key_jwt' })).toThrow(
      "private_key_jwt needs the agent's private key (options.privateKey)",
    );
    expect(() => adapter({}, { clientAuthentication: 'mtls' as never })).toThrow(TypeError);
  });

  it('refuses options of the wrong type at construction', () => {
    const pkj = { clientAuthentication: 'private_key_jwt' } as const;
    expect(() => adapter({}, { ...pkj, privateKey: 42 as never })).toThrow(
      new TypeError('privateKey must be PEM text, a JWK object or a CryptoKey'),
    );
    expect(() => adapter({}, { ...pkj, privateKey: null as never })).toThrow(TypeError);
    expect(() => adapter({}, { kid: 7 as never })).toThrow(
      new TypeError('kid must be a non-empty string'),
    );
    expect(() => adapter({}, { sendScope: 'yes' as never })).toThrow(
      new TypeError('sendScope must be a boolean'),
    );
  });

  it('keeps its own copy of the options', async () => {
    const options: Auth0AdapterOptions = { fetch: server.fetch, retry: false, sendScope: true };
    const auth0 = new Auth0Adapter(
      {
        vendor: 'auth0',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: 'agent-1',
        clientSecret: SECRET,
        audience: 'https://api',
      },
      options,
    );
    options.sendScope = false;
    server.reply({ status: 200, body: { access_token: 'AT' } });
    await auth0.requestToken({ agentId: 'agent-1', act, scope: ['read:a'] });
    expect(server.requests.at(-1)?.form.map(([f]) => f)).toContain('scope');
  });

  it('derives the assertion audience from the token URL, and loads as a core plugin', () => {
    const module: AdapterPlugin<Auth0Config> = plugin;
    const a = module.createAdapter({
      vendor: 'auth0',
      tokenUrl: 'https://t.auth0.com/oauth/token',
      clientId: 'c',
      clientSecret: 's',
      audience: 'https://api',
    });
    expect(a).toBeInstanceOf(Auth0Adapter);
    expect((a as Auth0Adapter).auth0Domain).toBe('https://t.auth0.com/');
    expect(a.audience).toBe('https://api');
  });
});
