import type { AdapterPlugin } from '@dual-auth/core';
import { createDualAuthConfig, TokenRequestError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { base64url, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakPlugin } from './index.js';
import { KeycloakAdapter } from './keycloak-adapter.js';
import type { KeycloakConfig } from './keycloak-config.js';

const SECRET = 'kc-secret-0123456789abcdef0123456789';
// docs/wire-format.md#client-assertion: the Python library's request for this input.
const APPENDIX_JTI = 'HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU';
const APPENDIX_PAYLOAD =
  '{"iss":"agent-1","sub":"agent-1","aud":"https://localhost:8443/realms/r","exp":1795422025,"iat":1795421725,"jti":"HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU","act":{"sub":"u-1","email":"a@x.com","name":"Alic\\u00e9"}}';
const act = { sub: 'u-1', email: 'a@x.com', name: 'Alicé' };

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function adapter(config: Partial<KeycloakConfig> = {}, retry = false as const): KeycloakAdapter {
  return new KeycloakAdapter(
    {
      vendor: 'keycloak',
      tokenUrl: `${server.url}/realms/r/protocol/openid-connect/token`,
      clientId: 'agent-1',
      clientSecret: SECRET,
      ...config,
    },
    {
      fetch: server.fetch,
      clock: { now: () => 1_795_421_725_000 },
      random: () => base64url.decode(APPENDIX_JTI),
      retry,
    },
  );
}

describe('KeycloakAdapter: the request on the wire (docs/wire-format.md#keycloak)', () => {
  it('sends the reference form, headers and assertion, field for field', async () => {
    server.reply({
      status: 200,
      body: { access_token: 'AT', expires_in: 300, token_type: 'Bearer' },
    });
    const kc = adapter({ audience: 'https://localhost:8443/realms/r' });
    const token = await kc.requestToken({ agentId: 'agent-1', act, scope: ['finance.read', 'x'] });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/realms/r/protocol/openid-connect/token');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toMatch(
      /^grant_type=client_credentials&scope=finance\.read\+x&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.[\w-]+\.[\w-]+$/,
    );
    const assertion = request?.fields.client_assertion ?? '';
    expect(new TextDecoder().decode(base64url.decode(assertion.split('.')[1] ?? ''))).toBe(
      APPENDIX_PAYLOAD,
    );
    await jwtVerify(assertion, new TextEncoder().encode(SECRET), {
      currentDate: new Date(1_795_421_725_000),
    });
    expect(token).toMatchObject({ accessToken: 'AT', expiresIn: 300, scope: 'finance.read x' });
  });

  it('derives aud from the token URL (realm URL) when no audience is configured', async () => {
    server.reply({ status: 200, body: { access_token: 'AT' } });
    const kc = adapter();
    expect(kc.audience).toBe(`${server.url}/realms/r`);
    const token = await kc.requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: [] });
    expect(token.expiresIn).toBe(3600);
    const names = server.requests.at(-1)?.form.map(([name]) => name);
    expect(names).toEqual(['grant_type', 'scope', 'client_assertion_type', 'client_assertion']);
    const loopback = { vendor: 'keycloak' as const, clientId: 'a', clientSecret: 's' };
    const http = 'http://127.0.0.1:8080/realms/r/protocol/openid-connect/token';
    expect(
      new KeycloakAdapter({ ...loopback, tokenUrl: http }, { allowInsecureLoopback: true })
        .audience,
    ).toBe('http://127.0.0.1:8080/realms/r');
  });
});

describe('KeycloakAdapter: fixes behind the same names (docs/wire-format.md#fixed-behind-the-same-names)', () => {
  it('keeps the status and IdP code with the reference message (§9.1)', async () => {
    server.reply({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Invalid client' },
    });
    const error = await adapter()
      .requestToken({ agentId: 'agent-1', act, scope: [] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Token request failed (HTTP 401): Authentication failed - check client credentials',
      status: 401,
      error: 'invalid_client',
      vendor: 'keycloak',
    });
  });

  it('explains 400 invalid_client as an authentication failure, not an assertion format (#10.6)', async () => {
    server.reply({
      status: 400,
      body: { error: 'invalid_client', error_description: 'Invalid client credentials' },
    });
    const error = await adapter()
      .requestToken({ agentId: 'agent-1', act, scope: [] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: 'Token request failed (HTTP 400): Authentication failed - check client credentials',
      status: 400,
      error: 'invalid_client',
    });
  });
});

describe('KeycloakAdapter: configuration', () => {
  it('shows its settings, the secret redacted, and an id made of them', () => {
    const kc = new KeycloakAdapter(
      createDualAuthConfig({
        vendor: 'keycloak',
        tokenUrl: 'https://kc.example/realms/r/protocol/openid-connect/token',
        clientId: 'agent-1',
        clientSecret: SECRET,
      }),
    );
    expect(String(kc)).toBe(
      'KeycloakAdapter(vendor=keycloak, tokenUrl=https://kc.example/realms/r/protocol/openid-connect/token, clientId=agent-1, audience=https://kc.example/realms/r, clientSecret=***REDACTED***)',
    );
    expect(kc.id).toBe(
      [
        'keycloak',
        'https://kc.example/realms/r/protocol/openid-connect/token',
        'agent-1',
        'https://kc.example/realms/r',
      ].join('\u001F'),
    );
    expect(kc.clientId).toBe('agent-1');
  });

  it('is a plugin core can load (AdapterPlugin)', () => {
    const plugin: AdapterPlugin<KeycloakConfig> = keycloakPlugin;
    const made = plugin.createAdapter({
      vendor: 'keycloak',
      tokenUrl: 'https://kc.example/realms/r/protocol/openid-connect/token',
      clientId: 'a',
      clientSecret: 's',
    });
    expect(made).toBeInstanceOf(KeycloakAdapter);
  });
});

describe("KeycloakAdapter with Python's positional arguments", () => {
  const config: KeycloakConfig = {
    vendor: 'keycloak',
    tokenUrl: 'https://kc.example/realms/r/protocol/openid-connect/token',
    clientId: 'agent-1',
    clientSecret: SECRET,
  };
  type Positional = new (...args: unknown[]) => KeycloakAdapter;

  it('refuses an argument after the config (a realm, a client id) with the config-object form', () => {
    const Adapter = KeycloakAdapter as unknown as Positional;
    for (const [args, kind] of [
      [[config, 'realm'], 'a string as argument 2'],
      [[config, {}, SECRET], 'a string as argument 3'],
    ] as const) {
      let message = '';
      expect(() => {
        try {
          new Adapter(...args);
        } catch (error) {
          message = (error as Error).message;
          throw error;
        }
      }).toThrow(TypeError);
      expect(message).toMatch(
        `new KeycloakAdapter takes one config object, not Python's positional arguments (got ${kind}): new KeycloakAdapter({ vendor: 'keycloak'`,
      );
      expect(message).not.toContain(SECRET);
    }
  });

  it('refuses request_token(agent_id, act, scope) with the request-object form', async () => {
    const requestToken = adapter().requestToken as unknown as (...args: unknown[]) => unknown;
    const kc = adapter();
    for (const [args, kind] of [
      [['agent-1', act, ['s']], 'a string'],
      [[{ agentId: 'agent-1', act, scope: [] }, ['s']], 'an array as argument 2'],
    ] as const) {
      await expect(
        (async () => requestToken.apply(kc, args as unknown as unknown[]))(),
      ).rejects.toThrow(
        new TypeError(
          `requestToken takes one options object, not Python's positional arguments (got ${kind}): requestToken({ agentId, act, scope })`,
        ),
      );
    }
  });
});
