import { describe, expect, it } from 'vitest';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { constructSdkClient } from './construct-sdk-client.js';

const failure = { backend: 'gcp', client: 'GCP Secret Manager', hint: 'Check clientOptions.' };

describe('constructSdkClient', () => {
  it('gives what the constructor returns', () => {
    const client = { kind: 'client' };
    expect(constructSdkClient(() => client, failure)).toBe(client);
  });

  it("turns a constructor's error into a SecretsBackendError that names only its class", () => {
    const thrown = new RangeError('bad credentials: {"private_key":"-----BEGIN PRIVATE KEY-----"}');
    let error: unknown;
    try {
      constructSdkClient(() => {
        throw thrown;
      }, failure);
    } catch (caught) {
      error = caught;
    }
    expect(SecretsBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Failed to initialize GCP Secret Manager client (RangeError).',
      backend: 'gcp',
      key: undefined,
      hint: 'Check clientOptions.',
    });
    expect((error as Error).cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
    expect(String(error)).not.toContain('PRIVATE KEY');
  });

  it('names a thrown non-error "Error"', () => {
    expect(() =>
      constructSdkClient(() => {
        throw 'a string';
      }, failure),
    ).toThrow('Failed to initialize GCP Secret Manager client (Error).');
  });
});
