import { withoutPersonalText as withoutPersonal } from '@dual-auth/core';
import type { CheckOutcome } from './check-token.js';

/**
 * `text`, the IdP's words, with the test human's id (case-insensitively, as a whole word) and
 * every email address replaced by `***REDACTED***`: core's `withoutPersonalText`, the one rule
 * every adapter's error text follows too. A token endpoint may echo who it was asked about in any
 * field of its answer, and the doctor's report goes to a terminal and a CI log.
 *
 * @example
 * withoutPersonalText('user ALICE@corp.example is disabled', 'alice@corp.example');
 * // 'user ***REDACTED*** is disabled'
 */
export function withoutPersonalText(text: string, human: string): string {
  return withoutPersonal(text, [human]);
}

/** `outcomes` with {@link withoutPersonalText} applied to each detail (text quoting the IdP). */
export function withoutPersonalData(
  outcomes: readonly CheckOutcome[],
  human: string,
): CheckOutcome[] {
  return outcomes.map((outcome) => ({
    ...outcome,
    detail: withoutPersonalText(outcome.detail, human),
  }));
}
