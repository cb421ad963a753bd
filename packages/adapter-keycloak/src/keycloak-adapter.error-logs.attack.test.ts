import { TokenRequestError } from '@dual-auth/core';
import { errorLogTexts, startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeycloakAdapter } from './keycloak-adapter.js';

// What a hostile or careless IdP echoes: the client's secret, a token, and the human by email and
// name, in its error body and its headers.
const SECRET = 'kc-secret-0123456789abcdef0123456789';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const EMAIL = 'jane.doe@corp.example';
const NAME = 'Jane Doe';
const PEOPLE_AND_CREDENTIALS = [SECRET, TOKEN, EMAIL, NAME, 'jane.doe'];

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function adapter(): KeycloakAdapter {
  return new KeycloakAdapter(
    {
      vendor: 'keycloak',
      tokenUrl: `${server.url}/realms/r/protocol/openid-connect/token`,
      clientId: 'agent-1',
      clientSecret: SECRET,
    },
    { fetch: server.fetch, retry: false },
  );
}

describe('KeycloakAdapter: an IdP that echoes credentials and the human in its error', () => {
  it.each([
    [400, 'invalid_grant'],
    [401, 'invalid_client'],
    [500, 'server_error'],
  ])(
    'HTTP %i %s: no way of logging the TokenRequestError shows them',
    async (status, code) => {
      server.reply({
        status,
        body: {
          error: `${code} for ${EMAIL}`,
          error_description: `no grant for ${NAME} <${EMAIL}>: client_secret=${SECRET} Bearer ${TOKEN}`,
        },
        headers: {
          location: `https://kc.example/login?login_hint=${EMAIL}&client_secret=${SECRET}`,
          'www-authenticate': `Bearer error="${code}", error_description="${NAME} <${EMAIL}>"`,
        },
      });
      const error = await adapter()
        .requestToken({
          agentId: 'agent-1',
          act: { sub: 'u-1', email: EMAIL, name: NAME },
          scope: [],
        })
        .catch((e: unknown) => e);
      expect(TokenRequestError.isInstance(error)).toBe(true);
      for (const [how, text] of Object.entries(errorLogTexts(error))) {
        for (const leak of PEOPLE_AND_CREDENTIALS) expect(text, how).not.toContain(leak);
      }
    },
    30_000,
  );

  it('keeps a name the request did not give out of every log form, readable on purpose', async () => {
    // The act names the human by id alone; the IdP names them from its own directory.
    server.reply({
      status: 400,
      body: { error: `account of ${NAME} disabled`, error_description: `${NAME} is disabled` },
    });
    const error = await adapter()
      .requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: [] })
      .catch((e: unknown) => e);
    for (const [how, text] of Object.entries(errorLogTexts(error))) {
      expect(text, how).not.toContain(NAME);
    }
    // A caller who reads the fields deliberately still gets the IdP's words.
    expect(error).toMatchObject({
      error: `account of ${NAME} disabled`,
      errorDescription: `${NAME} is disabled`,
    });
  }, 30_000);
});
