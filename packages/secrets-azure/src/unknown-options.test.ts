import { describe, expect, it } from 'vitest';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

// A misspelled option was dropped without a word: `cacheTtl: 0` kept serving a rotated secret
// from the 5 min cache, a misspelled `vaultUrl` fell back to the environment's.
describe('new AzureSecretsBackend refuses unknown options', () => {
  it('names cacheTtlMs for cacheTtl', () => {
    expect(() => new AzureSecretsBackend({ env: {}, cacheTtl: 0 } as never)).toThrow(
      /^new AzureSecretsBackend: cacheTtl is not an option \(did you mean cacheTtlMs\?\)/,
    );
  });

  it('names vaultUrl for vaultURL', () => {
    expect(() => new AzureSecretsBackend({ env: {}, vaultURL: 'x' } as never)).toThrow(
      'did you mean vaultUrl?',
    );
  });
});
