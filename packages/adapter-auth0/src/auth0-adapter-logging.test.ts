import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { Auth0Adapter } from './auth0-adapter.js';

describe('Auth0Adapter: the reference events of a refused configuration', () => {
  it('auth0_config_error without an audience, naming the variable only', () => {
    const logger = createRecordingLogger();
    expect(
      () =>
        new Auth0Adapter(
          {
            vendor: 'auth0',
            tokenUrl: 'https://tenant.auth0.example/oauth/token',
            clientId: 'agent-1',
            clientSecret: 'auth0-secret-0123456789abcdef0123456789',
          } as never,
          { logger },
        ),
    ).toThrow("Auth0 adapter requires 'audience' configuration");
    expect(logger.records).toEqual([
      {
        level: 'error',
        event: 'auth0_config_error',
        fields: { variable: 'API_AUDIENCE', error_type: 'ConfigurationError' },
      },
    ]);
  });
});
