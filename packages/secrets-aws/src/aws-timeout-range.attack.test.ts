import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSecretsBackend, type AwsSecretsBackendOptions } from './aws-secrets-backend.js';

// Timings a timer cannot hold: a timer of more than 2^31-1 ms (~24.8 days) fires after 1 ms, and
// AbortSignal.timeout(0) aborts at once. `timeoutMs: 1e9` ("wait as long as it takes") made the
// default totalTimeoutMs 3e9 + 20 000, so every read was aborted at once; `totalTimeoutMs: 0`
// aborted every read, and a fraction of a millisecond threw a RangeError from inside the read.

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };
let aws: AwsSecretsManagerEmulator;

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({
    secrets: { 'dual-auth/AGENT_CLIENT_SECRET': 'attack-test-value' },
  });
});
afterAll(() => aws.close());

function backend(options: AwsSecretsBackendOptions): AwsSecretsBackend {
  return new AwsSecretsBackend({
    endpoint: aws.endpoint,
    caPem: aws.caPem,
    credentials,
    env: {},
    logger: createRecordingLogger(),
    ...options,
  });
}

describe('AwsSecretsBackend timings out of a timer range', () => {
  it('a long per-attempt timeout reads the secret: the derived whole-read deadline stays a timer', async () => {
    await expect(
      backend({ timeoutMs: 1_000_000_000 }).getSecret('AGENT_CLIENT_SECRET'),
    ).resolves.toBe('attack-test-value');
  });

  it.each([
    { timeoutMs: 3_000_000_000 },
    { timeoutMs: 1.5 },
    { totalTimeoutMs: 0 },
    { totalTimeoutMs: 3_000_000_000 },
    { totalTimeoutMs: 1500.5 },
  ])('%o is refused at creation with what to pass', (timing) => {
    expect(() => backend(timing)).toThrow(
      /^options\.(timeoutMs|totalTimeoutMs) must be a whole number of milliseconds (from 1 )?(up )?to 2147483647/,
    );
  });

  it.each([{ maxAttempts: 0 }, { maxAttempts: 2.5 }])('%o is refused at creation', (attempts) => {
    expect(() => backend(attempts)).toThrow('options.maxAttempts must be a positive integer');
  });
});
