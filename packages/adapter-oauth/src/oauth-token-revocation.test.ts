import { assertVendor, getConfig, revocationAnswer } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { oauthPlugin } from './oauth-plugin.js';
import { oauthTokenRevocation } from './oauth-token-revocation.js';

const EXPIRES_AT = Date.UTC(2026, 5, 1, 12, 0, 0);
const BASE = { AGENT_CLIENT_ID: 'finance-agent', AGENT_CLIENT_SECRET: 'revocation-test-secret' };

// What the adapter answers endDelegation with (its revokeToken asks this per-config declaration).
async function answerFor(env: Record<string, string>) {
  const config = await getConfig({ env: { ...BASE, ...env }, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  return revocationAnswer('oauth', oauthTokenRevocation(config), config, EXPIRES_AT);
}

// Journey 9: a platform team on Entra ID and Okta read "oauth does not revoke access tokens
// (OAUTH_REVOCATION_URL is not set)" for both presets.
describe('token revocation of the entraid and okta presets', () => {
  it('entraid: says Entra has no revocation endpoint for access tokens and what ends the delegation', async () => {
    const answer = await answerFor({
      OAUTH_PRESET: 'entraid',
      OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
    });
    expect(answer).toMatchObject({ supported: false, expiresAtMs: EXPIRES_AT });
    const message = answer.supported ? '' : answer.message;
    expect(message).toMatch(/Entra ID has no revocation endpoint for access tokens/);
    expect(message).toMatch(/revokeSignInSessions/);
    expect(message).toMatch(/cut-off/);
    expect(message).not.toMatch(/OAUTH_REVOCATION_URL is not set/);
  });

  it('entraid: an explicit OAUTH_REVOCATION_URL still wins', async () => {
    const endpoint = 'https://revoke.example/revoke';
    expect(
      await answerFor({
        OAUTH_PRESET: 'entraid',
        OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
        OAUTH_REVOCATION_URL: endpoint,
      }),
    ).toEqual({ supported: true, endpoint });
  });

  it("okta: revokes at the custom authorization server's /v1/revoke, beside /v1/token", async () => {
    const env = {
      OAUTH_PRESET: 'okta',
      OAUTH_TOKEN_URL: 'https://acme.okta.com/oauth2/aus1/v1/token',
      OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
    };
    const endpoint = 'https://acme.okta.com/oauth2/aus1/v1/revoke';
    expect(await answerFor(env)).toEqual({ supported: true, endpoint });
    const config = await getConfig({ env: { ...BASE, ...env }, plugins: [oauthPlugin] });
    expect(revocationAnswer('oauth', oauthPlugin.tokenRevocation, config, EXPIRES_AT)).toEqual({
      supported: true,
      endpoint,
    });
  });
});
