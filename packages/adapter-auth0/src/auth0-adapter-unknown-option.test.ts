import { createAdapter } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { Auth0Adapter } from './auth0-adapter.js';
import { auth0Plugin } from './index.js';

const CONFIG = {
  vendor: 'auth0',
  tokenUrl: 'https://tenant.auth0.com/oauth/token',
  clientId: 'agent-1',
  clientSecret: 'auth0-secret-0123456789abcdef0123456789',
  audience: 'https://api',
} as const;

// A misspelled vendor option (here the one that chooses how the client proves itself) is refused,
// never dropped: the kit's own names, the vendor's, and the 0.1.0 names' hints.
describe('Auth0Adapter refuses options it does not know', () => {
  it('names the class and the option meant, for a vendor option and a kit option', () => {
    expect(
      () => new Auth0Adapter(CONFIG, { clientAuthenticaton: 'private_key_jwt' } as never),
    ).toThrow(
      new TypeError(
        'new Auth0Adapter: clientAuthenticaton is not an option (did you mean clientAuthentication?); pass only the options it takes, and install every @dual-auth package from one release line',
      ),
    );
    expect(() => new Auth0Adapter(CONFIG, { maxResponseByte: 1024 } as never)).toThrow(
      'new Auth0Adapter: maxResponseByte is not an option (did you mean maxResponseBytes?)',
    );
  });

  it('keeps the hint of a unit-less 0.1.0 name', () => {
    expect(() => new Auth0Adapter(CONFIG, { timeout: 30 } as never)).toThrow(
      new TypeError('new Auth0Adapter: timeout is not an option: use timeoutMs (milliseconds)'),
    );
  });

  it("takes its own options, and refuses a typo passed through core's createAdapter", async () => {
    expect(new Auth0Adapter(CONFIG, { sendScope: false, timeoutMs: 5_000 })).toBeDefined();
    await expect(
      createAdapter(CONFIG, { plugins: [auth0Plugin], adapterOptions: { sendScop: false } }),
    ).rejects.toThrow('new Auth0Adapter: sendScop is not an option (did you mean sendScope?)');
  });
});
