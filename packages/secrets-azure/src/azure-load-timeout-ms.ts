import type { SecretClientOptions } from '@azure/keyvault-secrets';
import { deriveLoadTimeoutMs } from '@dual-auth/core/secrets-kit';

// @azure/core-rest-pipeline's retry defaults: 3 retries, 1 s doubling, at most 64 s apart.
const SDK_RETRIES = 3;
const SDK_RETRY_DELAY_MS = 1_000;
const SDK_MAX_RETRY_DELAY_MS = 64_000;

/**
 * What a credential may take to hand out its first token, in ms. ManagedIdentityCredential retries
 * an App Service identity endpoint answering 410 while it restarts 5 times from 3 s, doubling,
 * for at least 70 s (3 + 6 + 12 + 24 + 48 = 93 s at most; @azure/identity's imdsRetryPolicy,
 * https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference).
 */
export const AZURE_CREDENTIAL_WAIT_MS = 100_000;

/**
 * The Azure backend's default `cacheLoadTimeoutMs`: every attempt of the SDK's retry policy at
 * `timeoutMs`, plus Key Vault's unauthenticated challenge request, the retry backoff, and
 * {@link AZURE_CREDENTIAL_WAIT_MS} for the credential. 162 000 ms with the defaults.
 */
export function azureLoadTimeoutMs(
  timeoutMs: number,
  retryOptions: SecretClientOptions['retryOptions'],
): number {
  const retries = retryOptions?.maxRetries ?? SDK_RETRIES;
  const delayMs = retryOptions?.retryDelayInMs ?? SDK_RETRY_DELAY_MS;
  const maxDelayMs = retryOptions?.maxRetryDelayInMs ?? SDK_MAX_RETRY_DELAY_MS;
  let backoffMs = 0;
  for (let retry = 0; retry < retries; retry += 1) {
    backoffMs += Math.min(maxDelayMs, delayMs * 2 ** retry);
  }
  return deriveLoadTimeoutMs({
    requests: retries + 2,
    timeoutMs,
    waitMs: backoffMs + AZURE_CREDENTIAL_WAIT_MS,
  });
}
