type Kind = 'string' | 'number' | 'boolean' | 'object' | 'function';

/**
 * The option's value when it is absent or of the expected kind, a TypeError naming the option
 * otherwise (never showing its value, which may be a secret). Numbers must be finite and >= 0.
 */
export function checkOption<T>(options: object, name: string, kind: Kind): T | undefined {
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
