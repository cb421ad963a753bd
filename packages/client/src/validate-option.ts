// setTimeout and ky refuse delays above 2^31-1 ms.
const MAX_DELAY = 2_147_483_647;

/**
 * Checks a duration option in milliseconds and returns it.
 *
 * @throws TypeError when it is not an integer in [min, 2^31-1].
 */
export function assertMilliseconds(value: unknown, name: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_DELAY) {
    throw new TypeError(
      `${name} must be an integer number of milliseconds from ${min} to ${MAX_DELAY}`,
    );
  }
  return value;
}

/**
 * Checks that an optional option is a function.
 *
 * @throws TypeError otherwise.
 */
export function assertOptionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${name} must be a function`);
  }
}
