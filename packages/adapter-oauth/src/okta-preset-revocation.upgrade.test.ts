import { assertVendor, getConfig } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import { oauthPlugin } from './oauth-plugin.js';

// Upgrade review (wave9/upg9). Okta cannot run here: the real token-endpoint stub answers, and the
// fetch below applies Okta's documented rule for JWT client authentication — the assertion's `aud`
// must be exactly the endpoint invoked, else 401 invalid_client "The audience claim for
// client_assertion must be the endpoint invoked for the request"
// (https://support.okta.com/help/s/article/the-audience-claim-for-client-assertion-must-be-the-endpoint-invoked-for-the-request).
// FAILS on int14: the okta preset now revokes at {issuer}/v1/revoke but authenticates with an
// assertion whose aud is the token URL, so every logout's revocation is `failed` (before: `not-supported`).

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

describe('upgrade: okta preset revocation at {issuer}/v1/revoke', () => {
  it('authenticates at /v1/revoke with an assertion Okta accepts, so endDelegation revokes', async () => {
    const tokenUrl = `${server.url}/oauth2/aus1/v1/token`;
    const config = await getConfig({
      env: {
        AGENT_CLIENT_ID: 'finance-agent',
        AGENT_CLIENT_SECRET: 'okta-revocation-upgrade-secret-0123456789',
        OAUTH_PRESET: 'okta',
        OAUTH_TOKEN_URL: tokenUrl,
        OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
      },
      plugins: [oauthPlugin],
    });
    assertVendor(config, 'oauth');
    const audiences: unknown[] = [];
    const fetch: typeof globalThis.fetch = async (url, init) => {
      const assertion = new URLSearchParams(String(init?.body)).get('client_assertion');
      const aud = assertion === null ? undefined : decodeJwt(assertion).aud;
      audiences.push(aud);
      server.reply(
        aud === String(url)
          ? { status: 200, body: {} }
          : {
              status: 401,
              body: {
                error: 'invalid_client',
                error_description:
                  'The audience claim for client_assertion must be the endpoint invoked for the request.',
              },
            },
      );
      return server.fetch(url, init);
    };
    const adapter = new OAuthAdapter(config, { fetch, retry: false });
    const outcome = await adapter.revokeToken({
      accessToken: 'okta-access-token-to-revoke',
      expiresAt: Date.now() + 3_600_000,
    });
    expect(audiences).toEqual([`${server.url}/oauth2/aus1/v1/revoke`]);
    expect(outcome).toMatchObject({ status: 'revoked' });
  });
});
