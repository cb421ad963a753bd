import type { DualSubjectToken } from '@dual-auth/core';
import { type ApiCallIdentity, IDENTITY_FIELDS } from './api-call-identity.js';
import type { UncheckedIdentityNote } from './unchecked-identity-note.js';

/**
 * Refuses `token` when it records another human or agent than `identity` names (its `humanId`
 * and `agentId`: who the adapter kit asked it for): the API would act for one while the call's
 * log lines, hooks, spans and audit record name another. A field either side leaves out is not
 * compared: a token not made by the adapter kit (a user's own provider) records no one, and
 * `unchecked` (when given) is called with each field `identity` names that `token` leaves out.
 * `source` says where the token came from, completing "is not the one … ".
 *
 * @throws TypeError naming the field, never its values (an IdP's user id may be an email).
 */
export function assertTokenFor(
  identity: ApiCallIdentity,
  token: DualSubjectToken,
  source: string,
  unchecked?: UncheckedIdentityNote,
): void {
  for (const [field] of IDENTITY_FIELDS) {
    const named = identity[field];
    const askedFor = token[field];
    if (typeof named !== 'string') continue;
    if (typeof askedFor !== 'string') unchecked?.(field);
    else if (named !== askedFor) {
      throw new TypeError(
        `identity.${field} is not the one ${source} (the API would act for one, the call's logs and audit for another): pass the token asked for identity.${field}, or the identity it was asked for`,
      );
    }
  }
}

/**
 * The call's identity completed by what a fixed `token` records (its `humanId` and `agentId`: who
 * the adapter kit asked it for), for the fields `identity` leaves out, so that the call's log
 * lines, hooks, span and audit record name the agent and the human of a token passed without an
 * `identity` (the README's quick start). Call it after {@link assertTokenFor}: a field both name
 * is then the same. Returns `identity` itself when the token adds nothing.
 */
export function identityWithToken(
  identity: ApiCallIdentity,
  token: DualSubjectToken,
): ApiCallIdentity {
  const agentId = identity.agentId ?? token.agentId;
  const humanId = identity.humanId ?? token.humanId;
  if (agentId === identity.agentId && humanId === identity.humanId) return identity;
  return Object.freeze({
    ...(agentId === undefined ? {} : { agentId }),
    ...(humanId === undefined ? {} : { humanId }),
  });
}
