import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// Finding (carried since session 32): the backend read `options.credentials` through the
// prototype and built the SDK's config as a plain object, so credentials or settings set on a
// polluted `Object.prototype` signed every secret read (the SDK reads its config by name, own or
// inherited). Fixed test values, no secrets.
const POLLUTED = { accessKeyId: 'AKIDPOLLUTED', secretAccessKey: 'polluted-test-key' };
const FROM_ENV = { AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'env-test-key' };
const NAMES = ['credentials', 'region'] as const;

let aws: AwsSecretsManagerEmulator;

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({
    secrets: { 'dual-auth/AGENT_CLIENT_SECRET': 'value-under-test' },
  });
});
afterAll(() => aws.close());
afterEach(() => {
  for (const name of NAMES) delete (Object.prototype as Record<string, unknown>)[name];
  vi.unstubAllEnvs();
});

function pollute(values: Record<(typeof NAMES)[number], unknown>): void {
  for (const name of NAMES) {
    Object.defineProperty(Object.prototype, name, {
      value: values[name],
      configurable: true,
      writable: true,
    });
  }
}

describe('AwsSecretsBackend under a polluted Object.prototype', () => {
  it("signs with the SDK's own credentials and region, never ones inherited from Object.prototype", async () => {
    for (const [name, value] of Object.entries(FROM_ENV)) vi.stubEnv(name, value);
    pollute({ credentials: POLLUTED, region: 'polluted-region-1' });
    const backend = new AwsSecretsBackend({
      endpoint: aws.endpoint,
      caPem: aws.caPem,
      env: {},
      maxAttempts: 1,
      logger: createRecordingLogger(),
    });
    const before = aws.requests.length;
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('value-under-test');
    expect(aws.requests.slice(before)).toEqual([
      expect.objectContaining({ accessKeyId: 'AKIDFROMENV', signedRegion: 'us-east-1' }),
    ]);
  }, 30_000);
});
