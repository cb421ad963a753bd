import { createDualAuthConfig, type IamAdapter } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig, OAuthMode } from './oauth-config.js';

const TOKEN_URL = 'https://idp.example.com/oauth2/token';

/** The adapter of `mode`, as InSessionTokenRequest reads it: through the IamAdapter contract. */
function adapterOf(mode: OAuthMode): IamAdapter {
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    mode,
    tokenUrl: TOKEN_URL,
    clientId: 'agent-1',
    clientSecret: 'layout-test-secret-0123456789abcdef',
    ...(mode === 'id-jag'
      ? { idpTokenUrl: 'https://idp.example.com/oauth2/idp-token', resourceIssuer: TOKEN_URL }
      : {}),
  });
  return new OAuthAdapter(config, { retry: false });
}

// The in-session cut-off dates a session by the subject token's `iat` only where the IdP verifies
// that token (`rfc8693`); client-credentials never sends it (`legacy`).
describe('OAuthAdapter declares its layout (IamAdapter.layout)', () => {
  it.each([
    ['client-credentials', 'legacy'],
    ['token-exchange', 'rfc8693'],
    ['on-behalf-of', 'rfc8693'],
    ['id-jag', 'rfc8693'],
  ] as const)('%s: %s', (mode, layout) => {
    expect(adapterOf(mode).layout).toBe(layout);
  });
});
