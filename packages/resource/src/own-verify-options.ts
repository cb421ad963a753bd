import { readOptions } from '@dual-auth/core';
import {
  assertVerifyOptions,
  BOUND_ACT_ASSERTION_OPTIONS,
  type DualSubjectVerifyOptions,
} from './verify-options.js';

/**
 * The options of a verification function or guard factory (`where`) read: unknown keys refused,
 * also in `boundActAssertion` (`renamed` says what to pass instead of a key), into a null-prototype
 * copy of the own properties whose `boundActAssertion` is such a copy too, so that an inherited
 * `clockToleranceSeconds`, `introspection` or `boundActAssertion` (a polluted `Object.prototype`'s)
 * sets nothing.
 *
 * @throws TypeError naming an unknown key, as `refuseUnknownOptions` of `@dual-auth/core`.
 */
export function readVerifyOptions<T extends { boundActAssertion?: unknown }>(
  given: T,
  known: Readonly<Record<string, true>>,
  where: string,
  renamed?: Readonly<Record<string, string>>,
): T {
  const options = readOptions(given, known, where, renamed);
  // The copy's own boundActAssertion, never one read through the caller's prototype.
  const bound = readOptions(
    options?.boundActAssertion,
    BOUND_ACT_ASSERTION_OPTIONS,
    `${where}: boundActAssertion`,
  );
  if (bound !== undefined) options.boundActAssertion = bound;
  return options;
}

/**
 * The options of a verification function (`where`) read as {@link readVerifyOptions} reads them,
 * then checked: the copy `assertVerifyOptions` accepts.
 *
 * @throws TypeError naming an unknown or wrong option.
 */
export function ownVerifyOptions<T extends DualSubjectVerifyOptions>(
  given: T,
  known: Readonly<Record<string, true>>,
  where: string,
  renamed?: Readonly<Record<string, string>>,
): T {
  const options = readVerifyOptions(given, known, where, renamed);
  assertVerifyOptions(options);
  return options;
}
