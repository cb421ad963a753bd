import { SecretsBackendError } from '@dual-auth/core';
import { expect } from 'vitest';
import { rejection } from './conformance-context.js';

/**
 * Awaits `promise`, expects (vitest) it to reject with a `SecretsBackendError` and returns that
 * error, for a backend test to check its message, hint or key.
 *
 * @throws Error when `promise` resolves; an assertion error when it rejects with anything else.
 * @example
 * ```ts
 * import { secretsBackendFailure } from '@dual-auth/testing/conformance';
 *
 * const error = await secretsBackendFailure(backend.getSecret('MISSING_KEY'));
 * expect(error.key).toBe('MISSING_KEY');
 * ```
 */
export async function secretsBackendFailure(
  promise: Promise<unknown>,
): Promise<SecretsBackendError> {
  if (typeof (promise as Partial<Promise<unknown>> | null | undefined)?.then !== 'function') {
    throw new TypeError("promise must be a Promise (backend.getSecret('KEY'))");
  }
  const error = await rejection(promise);
  expect(SecretsBackendError.isInstance(error)).toBe(true);
  return error as SecretsBackendError;
}
