/** The kinds {@link checkOption} tells apart; arrays and `null` are never `'object'`. */
export type OptionKind = 'string' | 'number' | 'boolean' | 'object' | 'function';

/**
 * The option `name` of `options` when it is absent or of the expected kind; a `TypeError` naming
 * the option otherwise, never showing its value (which may be a secret). Numbers must also be
 * finite and >= 0 (timeouts, TTLs, attempts).
 *
 * @example
 * ```ts
 * import { checkOption } from '@dual-auth/core/secrets-kit';
 *
 * const region = checkOption<string>(options, 'region', 'string') ?? 'us-east-1';
 * ```
 */
export function checkOption<T>(options: object, name: string, kind: OptionKind): T | undefined {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (actual !== kind) {
    throw new TypeError(`Option '${name}' must be a ${kind}, got ${actual}.`);
  }
  if (kind === 'number' && !(Number.isFinite(value) && (value as number) >= 0)) {
    throw new TypeError(`Option '${name}' must be a finite number >= 0.`);
  }
  return value as T;
}
