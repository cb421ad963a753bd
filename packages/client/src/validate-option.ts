// setTimeout refuses delays above 2^31-1 ms.
const MAX_DELAY = 2_147_483_647;
// A timeout below this many milliseconds is almost surely seconds written where milliseconds go
// (the Python guide's `timeout=30`).
const MIN_TIMEOUT_MS = 100;

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
 * Checks a timeout in milliseconds, refusing the small values that are seconds in disguise.
 *
 * @throws TypeError when it is not an integer number of milliseconds, or is below 100.
 */
export function assertTimeoutMs(value: unknown, name: string): number {
  const ms = assertMilliseconds(value, name);
  if (ms < MIN_TIMEOUT_MS) {
    throw new TypeError(
      `${name} is milliseconds: for 30 s pass 30_000 (values below ${MIN_TIMEOUT_MS} are refused as likely seconds)`,
    );
  }
  return ms;
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

/**
 * Refuses option names of earlier releases, naming the one that replaced each, so that a setting
 * is never silently ignored.
 *
 * @throws TypeError when `options` has one of `renamed`'s keys.
 */
export function refuseRenamedOptions(
  options: object,
  renamed: Readonly<Record<string, string>>,
): void {
  for (const [old, hint] of Object.entries(renamed)) {
    if (old in options) throw new TypeError(`${old} is not an option: ${hint}`);
  }
}
