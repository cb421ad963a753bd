import { describe, expect, it } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// A misspelled option was dropped without a word: `cacheTtl: 0` kept serving a rotated secret
// from the 5 min cache, a misspelled `region` fell back to the environment's.
describe('new AwsSecretsBackend refuses unknown options', () => {
  it('names cacheTtlMs for cacheTtl', () => {
    expect(() => new AwsSecretsBackend({ env: {}, cacheTtl: 0 } as never)).toThrow(
      /^new AwsSecretsBackend: cacheTtl is not an option \(did you mean cacheTtlMs\?\)/,
    );
  });

  it('names region for regon', () => {
    expect(() => new AwsSecretsBackend({ env: {}, regon: 'x' } as never)).toThrow(
      'did you mean region?',
    );
  });
});
