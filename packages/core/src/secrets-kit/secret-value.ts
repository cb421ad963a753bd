import type { SecretLookup, SecretMiss } from './secret-cache.js';

/**
 * What `getSecret` gives for a lookup, by the `SecretsBackend` contract: the found value;
 * `undefined` for a miss when the read is not `required`; else the error `onMissing` builds.
 * Failures other than a miss are thrown by the fetch itself, whatever `required` says.
 *
 * @example
 * ```ts
 * import { secretValue } from '@dual-auth/core/secrets-kit';
 *
 * const lookup = await cache.get(key, () => fetchLookup(key), signal);
 * return secretValue(lookup, required, (miss) => notFoundError(key, miss.reason));
 * ```
 */
export function secretValue(
  lookup: SecretLookup,
  required: boolean,
  onMissing: (miss: SecretMiss) => Error,
): string | undefined {
  if (lookup.found) return lookup.value;
  if (!required) return undefined;
  throw onMissing(lookup);
}
