import type { DualSubject } from './dual-subject.js';

/**
 * The `policy_basis` entry of a decision on a key-bound token whose proof of possession the
 * guard left to a gateway (`boundTokens: 'checked-upstream'`).
 */
export const CHECKED_UPSTREAM_BASIS = 'gateway:bound_token_checked_upstream';

// Beside the subject, not on it: DualSubject is public and frozen, and this is the audit's concern.
const checkedUpstream = new WeakSet<DualSubject>();

/** Marks `subject` as verified from a key-bound token whose proof a gateway checked. */
export function markCheckedUpstream(subject: DualSubject): DualSubject {
  checkedUpstream.add(subject);
  return subject;
}

/** `[CHECKED_UPSTREAM_BASIS]` for a subject marked by {@link markCheckedUpstream}, else `[]`. */
export function checkedUpstreamBasis(subject: DualSubject | undefined): string[] {
  return subject !== undefined && checkedUpstream.has(subject) ? [CHECKED_UPSTREAM_BASIS] : [];
}
