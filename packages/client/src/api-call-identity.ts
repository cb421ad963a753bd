import type { TokenProviderIdentity } from '@dual-auth/core';

/**
 * Who an API call is made for, as IAM identifiers for logs and hooks: the agent's client id and
 * the human's `act.sub`. Never an email, name or token.
 *
 * The client does not decode the access token to find these: tokens may be opaque, and Entra ID's
 * carries no `act`. The caller (or the {@link TokenProvider}) states them, and the client checks
 * them against what the token records (`DualSubjectToken.humanId`, `agentId`: who an adapter asked
 * it for) before sending it: one naming another human or agent is refused with a `TypeError`. A
 * field either side leaves out is not compared (a token of the caller's own records no one).
 */
export type ApiCallIdentity = TokenProviderIdentity;

/**
 * The fields of an {@link ApiCallIdentity}, with what each holds. Logged, hooked and audited as
 * IAM ids: anything but a string would reach the audit record as is.
 */
export const IDENTITY_FIELDS = [
  ['humanId', "the human's act.sub"],
  ['agentId', "the agent's client id"],
] as const;

/** A field of an {@link ApiCallIdentity} that a token may record (`humanId`, `agentId`). */
export type IdentityField = (typeof IDENTITY_FIELDS)[number][0];
