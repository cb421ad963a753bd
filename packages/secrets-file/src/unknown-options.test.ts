import { describe, expect, it } from 'vitest';
import { FileSecretsBackend } from './file-secrets-backend.js';

// A misspelled option was dropped without a word: `cacheTtl: 0` kept serving a rotated secret
// from the 5 min cache, a misspelled `directory` fell back to the environment's.
describe('new FileSecretsBackend refuses unknown options', () => {
  it('names cacheTtlMs for cacheTtl', () => {
    expect(() => new FileSecretsBackend({ env: {}, cacheTtl: 0 } as never)).toThrow(
      /^new FileSecretsBackend: cacheTtl is not an option \(did you mean cacheTtlMs\?\)/,
    );
  });

  it('names directory for directry', () => {
    expect(() => new FileSecretsBackend({ env: {}, directry: 'x' } as never)).toThrow(
      'did you mean directory?',
    );
  });
});
