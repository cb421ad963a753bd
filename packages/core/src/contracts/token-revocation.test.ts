import { describe, expect, it } from 'vitest';
import { revocationAnswer, type TokenRevocation } from './token-revocation.js';

const EXPIRES_AT = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('revocationAnswer', () => {
  const whenConfigured: TokenRevocation<{ tokenUrl: string; revocationUrl?: string }> = {
    supported: true,
    endpoint: (config) => config.revocationUrl,
    unconfigured: 'ACME_REVOCATION_URL is not set',
    documentation: 'https://www.rfc-editor.org/rfc/rfc7009',
  };

  it('gives the endpoint a config sets', () => {
    const config = {
      tokenUrl: 'https://idp.example/token',
      revocationUrl: 'https://idp.example/r',
    };
    expect(revocationAnswer('acme', whenConfigured, config, EXPIRES_AT)).toEqual({
      supported: true,
      endpoint: 'https://idp.example/r',
    });
  });

  it('says "not supported", with the setting to make, for a config without the endpoint', () => {
    const config = { tokenUrl: 'https://idp.example/token' };
    expect(revocationAnswer('acme', whenConfigured, config, EXPIRES_AT)).toEqual({
      supported: false,
      message:
        'acme does not revoke access tokens (ACME_REVOCATION_URL is not set); the token expires at 2026-01-02T03:04:05.000Z',
      expiresAtMs: EXPIRES_AT,
    });
  });

  it('says why a vendor cannot revoke, or that its adapter declares nothing', () => {
    const never: TokenRevocation = {
      supported: false,
      reason: 'tokens are self-contained',
      documentation: 'https://idp.example/docs',
    };
    const config = { tokenUrl: 'https://idp.example/token' };
    expect(revocationAnswer('acme', never, config, EXPIRES_AT)).toMatchObject({
      supported: false,
      message: expect.stringMatching(
        /^acme does not revoke access tokens \(tokens are self-contained\);/,
      ),
    });
    expect(revocationAnswer('acme', undefined, config, EXPIRES_AT)).toMatchObject({
      message: expect.stringMatching(/\(its adapter declares no token revocation\)/),
    });
  });
});
