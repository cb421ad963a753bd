import { errorWord } from '../secrets-kit/error-word.js';

/**
 * What a log line, metric or error message may say about a caught value: an `Error`'s class
 * name (`name`: `TypeError`, `AbortError`, `TokenRequestError`), else its `typeof` (`string`,
 * `undefined`, `object`). Never the message, which may quote a request, a token or a secret.
 *
 * @param error - Anything a `catch` or a rejected promise gave.
 * @returns The error's `name`; `Error` when that `name` is no class name (letters, digits, `_`,
 * `$`, at most 64); `typeof error` when it is not an `Error`.
 * @example
 * ```ts
 * import { errorClassOf } from '@dual-auth/core';
 *
 * try {
 *   JSON.parse('{');
 * } catch (error) {
 *   console.log(errorClassOf(error)); // 'SyntaxError'
 * }
 * ```
 */
export function errorClassOf(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  // A `name` someone set to anything but a class name (it may hold user data) is not repeated.
  return errorWord(error.name) ?? 'Error';
}
