import { createDualSubjectToken, type DualSubjectToken } from '@dual-auth/core';

/** An IdP whose first answer waits for {@link HeldIdp.answer}; see {@link heldIdp}. */
export interface HeldIdp {
  /** The token fetcher to give `getOrRequest`. */
  readonly idp: () => Promise<DualSubjectToken>;
  /** How many tokens it was asked for so far. */
  calls(): number;
  /** Lets the first request, held until now, answer. */
  answer(): void;
}

/**
 * A token fetcher whose first request is held until `answer()` (a request under way across a
 * logout or a cut-off); each answer is an opaque token `opaque-<n>`, valid an hour, issued at
 * `time.ms` when it answers: only the start of its request tells that it may predate a cut-off.
 */
export function heldIdp(time: { readonly ms: number }): HeldIdp {
  let calls = 0;
  let answer = () => {};
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const idp = async (): Promise<DualSubjectToken> => {
    calls += 1;
    const n = calls;
    if (n === 1) await answered;
    return createDualSubjectToken({
      accessToken: `opaque-${n}`,
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read',
      issuedAt: time.ms,
    });
  };
  return { idp, calls: () => calls, answer: () => answer() };
}
