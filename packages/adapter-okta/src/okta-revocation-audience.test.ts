import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaAdapter } from './okta-adapter.js';
import type { OktaAssertionAudience } from './okta-config.js';

const SECRET = 'okta-revocation-secret-0123456789abcdef';
let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

// Okta cannot run here: the real stub answers, and the test reads the assertion it was sent.
async function revocationAudience(mode: OktaAssertionAudience): Promise<unknown> {
  const okta = new OktaAdapter(
    {
      vendor: 'okta',
      tokenUrl: `${server.url}/oauth2/aus1/v1/token`,
      clientId: 'agent-1',
      clientSecret: SECRET,
      audience: 'https://api.example.com/finance',
      assertionAudience: mode,
    },
    { fetch: server.fetch, retry: false },
  );
  server.reply({ status: 200, body: {} });
  const outcome = await okta.revokeToken({ accessToken: 'AT', expiresAt: Date.now() + 60_000 });
  expect(outcome).toMatchObject({ status: 'revoked' });
  const request = server.requests.at(-1);
  expect(request?.path).toBe('/oauth2/aus1/v1/revoke');
  const assertion = request?.fields.client_assertion ?? '';
  return (await jwtVerify(assertion, new TextEncoder().encode(SECRET))).payload.aud;
}

describe("OktaAdapter revocation's client assertion aud", () => {
  it('token-endpoint (a real org): the revocation URL, the endpoint invoked, as Okta requires', async () => {
    expect(await revocationAudience('token-endpoint')).toBe(`${server.url}/oauth2/aus1/v1/revoke`);
  });

  it("issuer (the reference's): the authorization server URL, as at the token endpoint", async () => {
    expect(await revocationAudience('issuer')).toBe(`${server.url}/oauth2/aus1`);
  });
});
