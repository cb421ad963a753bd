import type { Act } from '@dual-auth/core';

// Kept beside the error, not on it: an error is logged and serialized whole, and `act.sub` may be
// an email; the audit record writes the human through core's humanIdForLogging.
const verifiedHumans = new WeakMap<object, VerifiedHuman>();

/** The ids of a verified human that an audit record names (through core's humanIdForLogging). */
export interface VerifiedHuman {
  readonly sub: string;
  readonly oid?: string | undefined;
  /** The agent the token was verified for, when it was known (the audit's `agent_id`). */
  readonly agentId?: string | undefined;
}

/**
 * Marks `error` as a refusal of a token whose signature, issuer and audience (and act assertion)
 * verified: `human` is who it was verified for (and `agentId` the agent, when the refusal came
 * after the whole token verified), so its audit record can name them.
 *
 * @returns `error`, to throw.
 */
export function withVerifiedHuman<E extends object>(
  error: E,
  human: Pick<Act, 'sub' | 'oid'>,
  agentId?: string,
): E {
  verifiedHumans.set(error, { sub: human.sub, oid: human.oid, agentId });
  return error;
}

/** The human `error` was marked with by {@link withVerifiedHuman}; undefined for any other. */
export function verifiedHumanOf(error: object): VerifiedHuman | undefined {
  return verifiedHumans.get(error);
}
