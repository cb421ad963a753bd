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
