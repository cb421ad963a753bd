import { describe, expect, it, vi } from 'vitest';
import { readEnv } from './read-env.js';

describe('readEnv', () => {
  it('reads process.env at call time, not at import', () => {
    vi.stubEnv('DUAL_AUTH_READ_ENV_PROBE', 'okta');
    expect(readEnv().DUAL_AUTH_READ_ENV_PROBE).toBe('okta');
    vi.stubEnv('DUAL_AUTH_READ_ENV_PROBE', 'auth0');
    expect(readEnv().DUAL_AUTH_READ_ENV_PROBE).toBe('auth0');
  });
});
