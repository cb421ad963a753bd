import { describe, expect, it } from 'vitest';
import { AZURE_CREDENTIAL_WAIT_MS, azureLoadTimeoutMs } from './azure-load-timeout-ms.js';

describe('azureLoadTimeoutMs', () => {
  it('covers every SDK attempt, the challenge, the backoff and a managed identity’s token retries', () => {
    // 4 attempts + the challenge at 10 s, 1 + 2 + 4 s of backoff, the credential, 5 s of margin.
    expect(azureLoadTimeoutMs(10_000, undefined)).toBe(50_000 + 7_000 + 100_000 + 5_000);
    expect(azureLoadTimeoutMs(10_000, undefined)).toBeGreaterThan(
      AZURE_CREDENTIAL_WAIT_MS + 40_000,
    );
  });

  it('follows the retry options and timeoutMs given, and sets no deadline for timeoutMs 0', () => {
    expect(azureLoadTimeoutMs(60_000, { maxRetries: 0 })).toBe(120_000 + 100_000 + 5_000);
    expect(
      azureLoadTimeoutMs(1_000, { maxRetries: 2, retryDelayInMs: 500, maxRetryDelayInMs: 600 }),
    ).toBe(4_000 + 1_100 + 100_000 + 5_000);
    expect(azureLoadTimeoutMs(0, undefined)).toBe(2_147_483_647);
  });
});
