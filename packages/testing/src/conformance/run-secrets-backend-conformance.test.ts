import { describe, expect, it } from 'vitest';
import { runSecretsBackendConformance } from './run-secrets-backend-conformance.js';

describe('runSecretsBackendConformance options', () => {
  it('refuses a missing name or start before registering any test', () => {
    const start = () => Promise.reject(new Error('not called'));
    expect(() => runSecretsBackendConformance({ name: '', start })).toThrow(
      'name must be a non-empty string',
    );
    expect(() => runSecretsBackendConformance({ name: 'aws', start: 'x' as never })).toThrow(
      TypeError,
    );
    expect(() => runSecretsBackendConformance(undefined as never)).toThrow(TypeError);
  });
});
