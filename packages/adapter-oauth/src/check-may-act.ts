import type { SubjectToken } from '@dual-auth/core';
import { subjectClaimsOf } from './subject-claims-of.js';

/**
 * Refuses, before any request, a subject token whose RFC 8693 §4.4 `may_act` does not name this
 * agent (`may_act.sub`, the client id): the human's token says who may act for the human, and an
 * authorization server that ignores it would issue a delegation the human never gave. A token
 * without `may_act`, or that is not a JWT, is not checked (the server decides).
 *
 * @throws TypeError naming the claim and the setting, never a value.
 */
export function checkMayAct(subjectToken: SubjectToken, clientId: string): void {
  const claims = subjectClaimsOf(subjectToken);
  if (claims === undefined || !Object.hasOwn(claims, 'may_act')) return;
  const mayAct = claims.may_act;
  const actor =
    typeof mayAct === 'object' && mayAct !== null && !Array.isArray(mayAct)
      ? (mayAct as Readonly<Record<string, unknown>>).sub
      : undefined;
  if (actor === clientId) return;
  throw new TypeError(
    "subjectToken's may_act (RFC 8693 §4.4) does not name this agent (its sub must be AGENT_CLIENT_ID): the human's token lets another party act for the human; get the human a token whose may_act names this agent, or none",
  );
}
