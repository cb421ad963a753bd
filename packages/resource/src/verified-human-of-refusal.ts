import type { Act } from '@dual-auth/core';

// Kept beside the error, not on it: an error is logged and serialized whole, and `act.sub` may be
// an email; the audit record writes the human through core's humanIdForLogging.
const verifiedHumans = new WeakMap<object, VerifiedHuman>();

/**
 * Who a refused request's credentials proved before the failing step, for its audit record: the
 * human's ids (through core's humanIdForLogging) and the agent, or the agent alone.
 */
export interface VerifiedHuman {
  /** The verified human; undefined when only the access token (the agent) verified. */
  readonly sub?: string | undefined;
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

/**
 * Marks `error` as a refusal of the human's credential (the act assertion) that came after the
 * access token verified for `agentId`: its audit record names that agent and no human. A mark
 * already there (the assertion verified too) is kept.
 *
 * @returns `error`, to throw.
 */
export function withVerifiedAgent<E extends object>(error: E, agentId: string): E {
  if (!verifiedHumans.has(error)) verifiedHumans.set(error, { agentId });
  return error;
}

/** The ids `error` was marked with by {@link withVerifiedHuman}; undefined for any other. */
export function verifiedHumanOf(error: object): VerifiedHuman | undefined {
  return verifiedHumans.get(error);
}
