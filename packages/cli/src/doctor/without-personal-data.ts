import { REDACTED } from '@dual-auth/core';
import type { CheckOutcome } from './check-token.js';

// An email address as an IdP writes one in its text: something, `@`, a domain.
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu;
// What may stand beside an id inside a longer word: an id found there is part of something else.
const WORD = String.raw`[\p{L}\p{N}._@-]`;

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, String.raw`\$&`);
}

/**
 * `text`, the IdP's words, with the test human's id (case-insensitively, as a whole word) and
 * every email address replaced by `***REDACTED***`: a token endpoint may echo who it was asked
 * about (the client assertion's `act.sub`, the subject token's claims) in `error`,
 * `error_description` or any field of its answer the adapter quotes, and the doctor's report goes to
 * a terminal and a CI log.
 *
 * @example
 * withoutPersonalText('user ALICE@corp.example is disabled', 'alice@corp.example');
 * // 'user ***REDACTED*** is disabled'
 */
export function withoutPersonalText(text: string, human: string): string {
  const id = human.trim();
  const named =
    id === ''
      ? text
      : text.replace(
          new RegExp(`(?<!${WORD})${escapeRegExp(id)}(?!${WORD})`, 'giu'),
          () => REDACTED,
        );
  return named.replace(EMAIL, () => REDACTED);
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
