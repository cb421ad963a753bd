import { describe, expect, it } from 'vitest';
import { GcpSecretsBackend } from './gcp-secrets-backend.js';

// A misspelled option was dropped without a word: `cacheTtl: 0` kept serving a rotated secret
// from the 5 min cache, a misspelled `projectId` fell back to the environment's.
describe('new GcpSecretsBackend refuses unknown options', () => {
  it('names cacheTtlMs for cacheTtl', () => {
    expect(() => new GcpSecretsBackend({ env: {}, cacheTtl: 0 } as never)).toThrow(
      /^new GcpSecretsBackend: cacheTtl is not an option \(did you mean cacheTtlMs\?\)/,
    );
  });

  it('names projectId for projectID', () => {
    expect(() => new GcpSecretsBackend({ env: {}, projectID: 'x' } as never)).toThrow(
      'did you mean projectId?',
    );
  });
});
