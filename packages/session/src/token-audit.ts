import {
  type Act,
  ActVerificationError,
  type AuditIdentities,
  createAuditEvent,
  emitAuditEvent,
  humanIdForLogging,
  isOutageReason,
  type Logger,
  readsAsEmail,
  TokenRequestError,
} from '@dual-auth/core';
import { loggableErrorType } from '@dual-auth/core/adapter-kit';

// The act's `oid` as the record writes it: one that reads as an email (an IdP mapper put it there)
// as its digest, which humanIdForLogging gives for an act with an `oid` (off Node, the one its
// request or verifier prepared on this act; core's createAuditEvent, given the raw oid, could only
// write sha256:unavailable there).
function oidForLogging(act: Pick<Act, 'sub' | 'oid'> | undefined): string | undefined {
  const oid = act?.oid;
  if (typeof oid !== 'string') return undefined;
  return readsAsEmail(oid) ? humanIdForLogging(act) : oid;
}

/** The request an audit record of the session is about. */
export interface AuditedTokenRequest {
  readonly agentId: string;
  /** Unknown when the act JWT was refused. */
  readonly act?: Pick<Act, 'sub' | 'oid'> | undefined;
  readonly scope: readonly string[];
  readonly audience?: string | undefined;
  readonly vendor?: string | undefined;
  /**
   * Whether `act` was proven by a credential the session verified (core's `AuditIdentities`):
   * `verified` for the human of a verified act JWT, `unverified` for an act JWT refused before
   * its signature verified; undefined (the record's `null`) when the human is the caller's own
   * (in session).
   */
  readonly identities?: AuditIdentities | undefined;
}

/**
 * Why a token request was refused, as an audit reason and failed side: a refused act JWT is the
 * human's side (`act_jwt.<reason>`), an IdP refusal the agent's (`token_request.<error>`), and a
 * failure to reach the IdP (`token_request.failed`) or an outage while checking the act JWT
 * (`act_jwt.key_unavailable`, `act_jwt.replay_store_unavailable`, core's `isOutageReason`) the
 * credentials', as the resource audits its outages.
 */
function refusal(error: unknown): { reason: string; side: 'agent' | 'human' | 'credentials' } {
  if (ActVerificationError.isInstance(error)) {
    // An outage says what the resource's say: the credentials could not be checked.
    const side = isOutageReason(error.reason) ? 'credentials' : 'human';
    return { reason: `act_jwt.${error.reason}`, side };
  }
  if (TokenRequestError.isInstance(error) && error.status !== undefined) {
    // The IdP's `error` is free text on the wire (a name fits `[a-z_]`): a registered OAuth code
    // only, as the adapter kit logs it.
    const code = typeof error.error === 'string' ? loggableErrorType(error.error) : 'other';
    return { reason: `token_request.${code === 'other' ? 'refused' : code}`, side: 'agent' };
  }
  return { reason: 'token_request.failed', side: 'credentials' };
}

/**
 * Writes the session's audit record of one token request (`dual_auth_decision`, source
 * `session`): ALLOW when the IdP issued the token, DENY with the reason when `error` is given.
 */
export function auditTokenRequest(
  logger: Logger,
  request: AuditedTokenRequest,
  error?: unknown,
): void {
  const refused = error === undefined ? undefined : refusal(error);
  emitAuditEvent(
    logger,
    createAuditEvent({
      source: 'session',
      decision: refused === undefined ? 'ALLOW' : 'DENY',
      // Already as logged: off Node, the act carries the digest its verifier or request prepared.
      human_id: humanIdForLogging(request.act),
      human_oid: oidForLogging(request.act),
      agent_id: request.agentId,
      identities: request.identities,
      delegation_chain: [request.agentId],
      audience: request.audience === undefined ? [] : [request.audience],
      scope: request.scope,
      failed_side: refused?.side,
      reason: refused?.reason ?? 'token_issued',
      policy_basis: [refused === undefined ? 'idp:token_issued' : `idp:${refused.reason}`],
      vendor: request.vendor,
    }),
  );
}
