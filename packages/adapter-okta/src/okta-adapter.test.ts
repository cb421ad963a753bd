import type { AdapterPlugin } from '@dual-auth/core';
import { ConfigurationError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaPlugin as plugin } from './index.js';
import type { OktaAdapterOptions } from './okta-adapter.js';
import { OktaAdapter } from './okta-adapter.js';
import type { OktaConfig } from './okta-config.js';

const SECRET = 'okta-secret-0123456789abcdef0123456789';
const act = { sub: '00u1', name: 'Alice' };
let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function adapter(config: Partial<OktaConfig> = {}, options: OktaAdapterOptions = {}) {
  return new OktaAdapter(
    {
      vendor: 'okta',
      tokenUrl: `${server.url}/oauth2/aus1/v1/token`,
      clientId: 'agent-1',
      clientSecret: SECRET,
      audience: 'https://api.example.com/finance',
      ...config,
    },
    { fetch: server.fetch, retry: false, ...options },
  );
}

async function assertionOf(okta: OktaAdapter) {
  server.reply({ status: 200, body: { access_token: 'AT', scope: 'finance.read' } });
  const token = await okta.requestToken({ agentId: 'agent-1', act, scope: ['finance.read', 'x'] });
  const request = server.requests.at(-1);
  const assertion = request?.fields.client_assertion ?? '';
  const { payload } = await jwtVerify(assertion, new TextEncoder().encode(SECRET));
  return { token, assertion, payload, request };
}

describe('OktaAdapter: the request on the wire (docs/wire-format.md#okta)', () => {
  it('sends the Keycloak body shape with aud = the authorization server URL', async () => {
    const { token, assertion, payload, request } = await assertionOf(adapter());
    expect(request?.path).toBe('/oauth2/aus1/v1/token');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.body).toMatch(
      /^grant_type=client_credentials&scope=finance\.read\+x&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=[\w.-]+$/,
    );
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'act']);
    expect(payload).toMatchObject({
      iss: 'agent-1',
      sub: 'agent-1',
      aud: `${server.url}/oauth2/aus1`,
      act,
    });
    expect(token).toMatchObject({ expiresIn: 3600, scope: 'finance.read' });
  });

  it("uses the full token URL as aud with assertionAudience: 'token-endpoint'", async () => {
    const okta = adapter({}, { assertionAudience: 'token-endpoint' });
    expect(okta.assertionAudience).toBe(`${server.url}/oauth2/aus1/v1/token`);
    const { payload } = await assertionOf(okta);
    expect(payload.aud).toBe(`${server.url}/oauth2/aus1/v1/token`);
  });
});

describe('OktaAdapter: errors and configuration', () => {
  it('keeps the status, the reference message and Okta errorCode', async () => {
    server.reply({
      status: 401,
      body: { errorCode: 'invalid_client', errorSummary: 'Invalid value for client_id' },
    });
    await expect(
      adapter().requestToken({ agentId: 'agent-1', act, scope: [] }),
    ).rejects.toMatchObject({
      message: 'Token request failed (HTTP 401): Authentication failed - check client credentials',
      status: 401,
      vendorCodes: ['invalid_client'],
    });
  });

  it('parses the token URL as the reference does', () => {
    const base = { vendor: 'okta' as const, clientId: 'c', clientSecret: 's', audience: 'api' };
    const custom = new OktaAdapter({
      ...base,
      tokenUrl: 'https://acme.okta.com/oauth2/aus9/v1/token',
    });
    expect([custom.oktaDomain, custom.authServerId, custom.assertionAudience]).toEqual([
      'https://acme.okta.com',
      'aus9',
      'https://acme.okta.com/oauth2/aus9',
    ]);
    const org = new OktaAdapter({ ...base, tokenUrl: 'https://acme.okta.com/oauth2/v1/token' });
    expect(org.authServerId).toBe('v1');
    expect(() => new OktaAdapter({ ...base, tokenUrl: 'https://acme.okta.com/v1/token' })).toThrow(
      'Invalid Okta token URL format. Expected: https://domain.okta.com/oauth2/aus123.../v1/token',
    );
    expect(
      () => new OktaAdapter({ ...base, audience: '', tokenUrl: 'https://a/oauth2/x/v1/token' }),
    ).toThrow(ConfigurationError);
    expect(() => adapter({}, { assertionAudience: 'org' as never })).toThrow(TypeError);
  });

  it('loads as a core plugin', () => {
    const module: AdapterPlugin<OktaConfig> = plugin;
    expect(
      module.createAdapter({
        vendor: 'okta',
        tokenUrl: 'https://acme.okta.com/oauth2/aus9/v1/token',
        clientId: 'c',
        clientSecret: 's',
        audience: 'api',
      }),
    ).toBeInstanceOf(OktaAdapter);
  });
});
