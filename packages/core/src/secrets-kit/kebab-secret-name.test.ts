import { describe, expect, it } from 'vitest';
import { kebabSecretName } from './kebab-secret-name.js';

describe('kebabSecretName', () => {
  it('lowercases the key, "_" as "-", after the prefix as given', () => {
    expect(kebabSecretName('AGENT_CLIENT_SECRET', 'dual-auth-')).toBe(
      'dual-auth-agent-client-secret',
    );
    expect(kebabSecretName('API_SCOPE', 'Team_X-')).toBe('Team_X-api-scope');
    expect(kebabSecretName('APP_ID', '')).toBe('app-id');
  });

  it('does not add a prefix the name already starts with, in any case', () => {
    expect(kebabSecretName('DUAL_AUTH_VENDOR', 'dual-auth-')).toBe('dual-auth-vendor');
    expect(kebabSecretName('DUAL_AUTH_VENDOR', 'Dual-Auth-')).toBe('dual-auth-vendor');
    expect(kebabSecretName('dual-auth-app-id', 'dual-auth-')).toBe('dual-auth-app-id');
  });
});
