import { assertVendor, getConfig } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import { oauthPlugin } from './oauth-plugin.js';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

// The `aud` of the client assertion each revocation request sends (the real stub answers 200).
async function revocationAudiences(env: Record<string, string>): Promise<unknown[]> {
  const config = await getConfig({
    env: {
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: 'revocation-audience-secret-0123456789',
      OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
      ...env,
    },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  const audiences: unknown[] = [];
  const fetch: typeof globalThis.fetch = async (url, init) => {
    const assertion = new URLSearchParams(String(init?.body)).get('client_assertion');
    audiences.push(assertion === null ? undefined : decodeJwt(assertion).aud);
    server.reply({ status: 200, body: {} });
    return server.fetch(url, init);
  };
  const adapter = new OAuthAdapter(config, { fetch, retry: false });
  const outcome = await adapter.revokeToken({
    accessToken: 'access-token-to-revoke',
    expiresAt: Date.now() + 3_600_000,
  });
  expect(outcome).toMatchObject({ status: 'revoked' });
  return audiences;
}

describe("the revocation request's client assertion aud", () => {
  it('okta preset: the revocation URL, whatever OAUTH_ASSERTION_AUDIENCE sets for the token endpoint', async () => {
    expect(
      await revocationAudiences({
        OAUTH_PRESET: 'okta',
        OAUTH_TOKEN_URL: `${server.url}/oauth2/aus1/v1/token`,
        OAUTH_ASSERTION_AUDIENCE: `${server.url}/oauth2/aus1`,
      }),
    ).toEqual([`${server.url}/oauth2/aus1/v1/revoke`]);
  });

  it('keycloak preset and OAUTH_REVOCATION_URL: the token requests’ aud (Keycloak refuses its revocation URL as aud)', async () => {
    const tokenUrl = `${server.url}/realms/acme/protocol/openid-connect/token`;
    expect(
      await revocationAudiences({ OAUTH_PRESET: 'keycloak', OAUTH_TOKEN_URL: tokenUrl }),
    ).toEqual([tokenUrl]);
    expect(
      await revocationAudiences({
        OAUTH_TOKEN_URL: tokenUrl,
        OAUTH_REVOCATION_URL: `${server.url}/revoke`,
        OAUTH_ASSERTION_AUDIENCE: `${server.url}/realms/acme`,
      }),
    ).toEqual([`${server.url}/realms/acme`]);
  });
});
