import { createDualAuthConfig, type IamAdapter } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

// Upgrade (review rev9): fixk5 taught InSessionTokenRequest's cut-off that Entra dates `iat` 5
// minutes back, through `IamAdapter.iatBackdateSeconds`, and set it on EntraIDAdapter only. An app
// on Entra through this package (OAUTH_PRESET=entraid, on-behalf-of) still has every subject
// token the human gets in the 5 minutes after a logout judged as issued before it: the new
// session is refused (`revoked`), and signing in again cannot help until 5 minutes have passed.
describe('upgrade: OAuthAdapter with the entraid preset and the in-session cut-off', () => {
  it("declares Entra's 300 s iat backdating, as EntraIDAdapter does", () => {
    const config = createDualAuthConfig<OAuthConfig>({
      vendor: 'oauth',
      preset: 'entraid',
      tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      clientId: 'agent-1',
      clientSecret: 'entraid-preset-secret-0123456789abcdef',
    });
    // As InSessionTokenRequest reads it: through the IamAdapter contract.
    const adapter: IamAdapter = new OAuthAdapter(config, { retry: false });
    expect(adapter.iatBackdateSeconds).toBe(300);
  });
});
