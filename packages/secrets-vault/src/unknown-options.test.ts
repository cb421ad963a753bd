import { describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// A misspelled option was dropped without a word: `cacheTtl: 0` kept serving a rotated secret
// from the 5 min cache, a misspelled `address` fell back to the environment's.
describe('new VaultSecretsBackend refuses unknown options', () => {
  it('names cacheTtlMs for cacheTtl', () => {
    expect(() => new VaultSecretsBackend({ env: {}, cacheTtl: 0 } as never)).toThrow(
      /^new VaultSecretsBackend: cacheTtl is not an option \(did you mean cacheTtlMs\?\)/,
    );
  });

  it('names address for adress', () => {
    expect(() => new VaultSecretsBackend({ env: {}, adress: 'x' } as never)).toThrow(
      'did you mean address?',
    );
  });
});
