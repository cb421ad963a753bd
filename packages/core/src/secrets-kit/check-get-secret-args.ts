import { checkOption } from '../config/check-option.js';

/** The `GetSecretOptions` of one `getSecret` call, defaults filled in. */
export interface CheckedGetSecretOptions {
  /** Default true: a missing secret throws. */
  readonly required: boolean;
  readonly signal: AbortSignal | undefined;
}

/**
 * Checks the arguments of `SecretsBackend.getSecret` and fills in the defaults.
 *
 * @throws TypeError when `key` is not a non-empty string, or `options` or one of its fields has
 * the wrong type.
 *
 * @example
 * ```ts
 * import { checkGetSecretArgs } from '@dual-auth/core/secrets-kit';
 *
 * const { required, signal } = checkGetSecretArgs(key, options);
 * ```
 */
export function checkGetSecretArgs(key: unknown, options: unknown): CheckedGetSecretOptions {
  if (typeof key !== 'string' || key === '') {
    throw new TypeError('getSecret(key): key must be a non-empty string.');
  }
  return {
    required: checkOption(options, 'required', 'boolean') ?? true,
    signal: checkOption(options, 'signal', 'signal'),
  };
}
