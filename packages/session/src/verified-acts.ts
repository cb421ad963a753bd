import type { Act } from '@dual-auth/core';

/** What the verification of an act JWT proved about the act it returned. */
export interface VerifiedActRecord {
  /** The `OutOfSessionTokenRequest` (or other verifier owner) whose verification returned it. */
  readonly owner: object;
  /** The act JWT's `exp`, in seconds since the epoch: the delegation ends then. */
  readonly exp: number;
  /** The act JWT's `iat`, in seconds since the epoch: the delegation began then. */
  readonly iat: number;
}

// Keyed by the act object itself, never by its contents: a copy, or an act built by hand with the
// same claims, is not found. Weak: a verified act the caller drops is not kept alive.
const verifiedActs = new WeakMap<object, VerifiedActRecord>();

// Freezes `value` and everything reachable from it, so a verified act cannot be edited into
// another human's after its signature was checked.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return value;
}

/**
 * Deep-freezes `act` (the act claim of an act JWT that `owner` just verified) and records it as
 * verified by `owner`, until `exp`.
 *
 * @returns `act`, frozen: the object to hand out.
 */
export function markVerifiedAct(
  act: Act,
  owner: object,
  claims: { exp: number; iat: number },
): Readonly<Act> {
  const frozen = deepFreeze(act);
  verifiedActs.set(frozen, { owner, exp: claims.exp, iat: claims.iat });
  return frozen;
}

/**
 * The record of `act` when `owner`'s verification returned this very object; `undefined` for any
 * other object (built by hand, copied, or verified by another owner).
 */
export function verifiedActRecord(act: unknown, owner: object): VerifiedActRecord | undefined {
  if (typeof act !== 'object' || act === null) return undefined;
  const record = verifiedActs.get(act);
  return record?.owner === owner ? record : undefined;
}

/** Whether `act` is an act some verification returned (deep-frozen: it cannot change). */
export function isVerifiedAct(act: unknown): boolean {
  return typeof act === 'object' && act !== null && verifiedActs.has(act);
}
