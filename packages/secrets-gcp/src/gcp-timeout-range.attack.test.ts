import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { GcpSecretsBackend } from './gcp-secrets-backend.js';

// A timeout past what a timer holds (2^31-1 ms, ~24.8 days: `timeoutMs: 1e10` or
// `Number.MAX_SAFE_INTEGER` written for "no deadline") was taken, and the read's deadline timer
// fired after 1 ms: every read failed at once as "GCP Secret Manager is unreachable".

function backend(timeoutMs: number): GcpSecretsBackend {
  return new GcpSecretsBackend({
    env: { DUAL_AUTH_GCP_PROJECT: 'attack-test' },
    timeoutMs,
    clientOptions: { fallback: true, apiEndpoint: 'localhost', port: 1 },
    logger: createRecordingLogger(),
  });
}

describe('GcpSecretsBackend timeoutMs out of a timer range', () => {
  // The same form as the AWS, Azure and Vault backends' messages: the option as passed, its range.
  it.each([3_000_000_000, Number.MAX_SAFE_INTEGER, 0])(
    'timeoutMs %d is refused at creation, saying what to pass',
    (timeoutMs) => {
      expect(() => backend(timeoutMs)).toThrow(
        /^options\.timeoutMs must be a number of milliseconds above 0 and up to 2147483647: every read has a deadline \(default 10000\)$/,
      );
    },
  );

  it('the largest timer delay is taken', async () => {
    const gcp = backend(2_147_483_647);
    await gcp.close();
  });
});
