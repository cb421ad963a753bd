import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_SECRET_LOAD_TIMEOUT_MS } from '@dual-auth/core/secrets-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// The secrets cache waits for a read as long as the backend lets the read take (core's
// deriveLoadTimeoutMs), not core's 30 s default. The client stands in for Secrets Manager: only
// the time a read takes matters here, and timers are faked so the test waits for none.
afterEach(() => {
  vi.useRealTimers();
});

/** A client whose reads answer after `delayMs`. */
function slowClient(delayMs: number): SecretsManagerClient {
  const send = () =>
    new Promise((resolve) => setTimeout(() => resolve({ SecretString: 'slow-value' }), delayMs));
  return { send } as unknown as SecretsManagerClient;
}

describe('the secrets cache deadline of the AWS backend', () => {
  it('a client passed in without totalTimeoutMs keeps its own timing within the cache default (30 s)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const served = new AwsSecretsBackend({ client: slowClient(20_000), env: {} });
    const read = served.getSecret('AGENT_CLIENT_SECRET');
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(read).resolves.toBe('slow-value');

    const stalled = new AwsSecretsBackend({ client: slowClient(3_600_000), env: {} });
    const failing = stalled.getSecret('AGENT_CLIENT_SECRET');
    const refused = expect(failing).rejects.toMatchObject({ name: 'SecretsBackendError' });
    await vi.advanceTimersByTimeAsync(DEFAULT_SECRET_LOAD_TIMEOUT_MS);
    await refused;
  });

  it('with totalTimeoutMs the cache waits that long and a little more, then fails the read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const served = new AwsSecretsBackend({
      client: slowClient(40_000),
      env: {},
      totalTimeoutMs: 45_000,
    });
    const read = served.getSecret('AGENT_CLIENT_SECRET');
    await vi.advanceTimersByTimeAsync(40_000);
    await expect(read).resolves.toBe('slow-value');

    const stalled = new AwsSecretsBackend({
      client: slowClient(3_600_000),
      env: {},
      totalTimeoutMs: 45_000,
    });
    const failing = stalled.getSecret('AGENT_CLIENT_SECRET');
    const refused = expect(failing).rejects.toMatchObject({ name: 'SecretsBackendError' });
    await vi.advanceTimersByTimeAsync(60_000);
    await refused;
  });
});
