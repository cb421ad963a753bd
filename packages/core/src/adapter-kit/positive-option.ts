/**
 * `value` when it is a finite number above 0, `fallback` when it is undefined.
 *
 * @throws TypeError naming `name` otherwise.
 */
export function positiveOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number`);
  }
  return value;
}
