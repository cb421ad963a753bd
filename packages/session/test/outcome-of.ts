import { ActVerificationError } from '@dual-auth/core';

/** The rejection's `reason` (an `ActVerificationError`'s), or `token` when a token was handed out. */
export function outcomeOf(pending: Promise<unknown>): Promise<string> {
  return pending.then(
    () => 'token',
    (error: unknown) => (ActVerificationError.isInstance(error) ? error.reason : String(error)),
  );
}
