import { ownOptions, refuseUnknownOptions } from '@dual-auth/core';
import {
  assertVerifyOptions,
  BOUND_ACT_ASSERTION_OPTIONS,
  type DualSubjectVerifyOptions,
} from './verify-options.js';

/**
 * The options of a verification function (`where`) checked: unknown keys refused (also in
 * `boundActAssertion`; `renamed` says what to pass instead of a key), then a null-prototype own
 * copy (so an inherited `clockToleranceSeconds` or `introspection` sets nothing) that
 * `assertVerifyOptions` accepts.
 *
 * @throws TypeError naming an unknown or wrong option.
 */
export function ownVerifyOptions<T extends DualSubjectVerifyOptions>(
  given: T,
  known: Readonly<Record<string, true>>,
  where: string,
  renamed?: Readonly<Record<string, string>>,
): T {
  refuseUnknownOptions(given, known, where, renamed);
  refuseUnknownOptions(
    given?.boundActAssertion,
    BOUND_ACT_ASSERTION_OPTIONS,
    `${where}: boundActAssertion`,
  );
  const bound = ownOptions(given?.boundActAssertion);
  const options = ownOptions(bound === undefined ? given : { ...given, boundActAssertion: bound });
  assertVerifyOptions(options);
  return options;
}
