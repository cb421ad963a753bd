import type { Act } from '@dual-auth/core';

// Kept beside the error, not on it: an error is logged and serialized whole, and `act.sub` may be
// an email; the audit record writes the human through core's humanIdForLogging. The act itself is
// kept, not a copy: off Node, the digest the verifier prepared for it is held by that object.
const verifiedActs = new WeakMap<object, Pick<Act, 'sub' | 'oid'>>();

/**
 * Marks `error` as a refusal of an act JWT whose signature, issuer and audience verified: `act`
 * is the human it verified for, so the request's audit record can name them.
 *
 * @returns `error`, to throw.
 */
export function withVerifiedAct<E>(error: E, act: Pick<Act, 'sub' | 'oid'>): E {
  if (typeof error === 'object' && error !== null) {
    verifiedActs.set(error, act);
  }
  return error;
}

/** The human `error` was marked with by {@link withVerifiedAct}; undefined for any other. */
export function verifiedActOf(error: unknown): Pick<Act, 'sub' | 'oid'> | undefined {
  return typeof error === 'object' && error !== null ? verifiedActs.get(error) : undefined;
}
