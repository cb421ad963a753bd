import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AzureKeyVaultEmulator,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSecretsBackend, type AzureSecretsBackendOptions } from './azure-secrets-backend.js';

// A request timeout past what a timer holds (2^31-1 ms, ~24.8 days: `timeoutMs: 1e10` or
// `Number.MAX_SAFE_INTEGER` written for "no deadline") was taken; a timer that long fires after
// 1 ms, so every request would be cut at once.

let vault: AzureKeyVaultEmulator;
beforeAll(async () => {
  vault = await startAzureKeyVaultEmulator({
    secrets: { 'dual-auth-agent-client-secret': 'attack-test-value' },
  });
});
afterAll(() => vault.close());

function backend(extra: AzureSecretsBackendOptions): AzureSecretsBackend {
  return new AzureSecretsBackend({
    env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
    credential: vault.credential,
    clientOptions: vault.clientOptions,
    logger: createRecordingLogger(),
    ...extra,
  });
}

describe('AzureSecretsBackend timeoutMs out of a timer range', () => {
  it.each([3_000_000_000, Number.MAX_SAFE_INTEGER, 1.5])(
    'timeoutMs %d is refused at creation, saying what to pass',
    (timeoutMs) => {
      expect(() => backend({ timeoutMs })).toThrow(
        'options.timeoutMs must be a whole number of milliseconds up to 2147483647',
      );
    },
  );

  it('the largest timer delay reads the secret', async () => {
    await expect(
      backend({ timeoutMs: 2_147_483_647 }).getSecret('AGENT_CLIENT_SECRET'),
    ).resolves.toBe('attack-test-value');
  });
});
