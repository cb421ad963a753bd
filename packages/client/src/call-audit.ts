import {
  auditRequestId,
  type Clock,
  createAuditEvent,
  type DualSubjectToken,
  emitAuditEvent,
  humanIdForLogging,
  type Logger,
  noopLogger,
  shownScopeOf,
  withoutPersonalText,
} from '@dual-auth/core';
import { callHuman } from './call-human.js';
import { callRouteForLogging } from './call-route.js';
import type { PreparedCall } from './prepare-call.js';

/**
 * Writes the client's audit record of an API's answer (`dual_auth_decision`, source `client`):
 * ALLOW below 400; DENY on 401 (the credentials' side) and 403 (no side: the API's body says
 * which, and the body is the caller's to read). Other answers decide nothing about access and
 * are not audited. The route is the URL's path as core's `routeForLogging` trims it
 * (no query; a segment that may name a person or hold a secret as `:redacted`); the scope is the
 * one the token's string forms show (`shownScopeOf`: emails and the act's values blanked; emails
 * blanked for a token of another make); its `request_id` is the call's `X-Request-Id` when that is
 * a UUID (core's `auditRequestId`, the rule the resource's record follows). Nothing is built for a logger that says
 * nothing (`noopLogger`, the default without `DUAL_AUTH_LOG`).
 */
export function auditApiAnswer(
  logger: Logger,
  clock: Clock,
  call: PreparedCall,
  token: DualSubjectToken,
  status: number,
): void {
  const allowed = status < 400;
  if (logger === noopLogger || (!allowed && status !== 401 && status !== 403)) return;
  const { agentId } = call.identity;
  emitAuditEvent(
    logger,
    createAuditEvent({
      source: 'client',
      clock,
      // The caller's correlation id, as the API's record keeps it (a UUID), so the two meet.
      request_id: auditRequestId(call.headers['x-request-id']),
      decision: allowed ? 'ALLOW' : 'DENY',
      // As the call's lines name the human: off Node, the digest the call prepared.
      human_id: humanIdForLogging(callHuman(call.identity)),
      agent_id: agentId,
      delegation_chain: agentId === undefined ? [] : [agentId],
      scope: auditedScope(token),
      failed_side: status === 401 ? 'credentials' : undefined,
      reason: allowed ? 'authorized' : `http_${status}`,
      policy_basis: [`api:http_${status}`],
      method: call.method,
      route: callRouteForLogging(call),
      status,
    }),
  );
}

/**
 * The token's scope as its string forms show it (a per-user scope names the human), as a list.
 * A token of the caller's own making may have none, or one that is not a string (RFC 6749 §5.1
 * makes `scope` optional): audited as empty, never coerced to text.
 */
function auditedScope(token: DualSubjectToken): string[] {
  const granted: unknown = token.scope;
  const shown =
    shownScopeOf(token) ?? (typeof granted === 'string' ? withoutPersonalText(granted) : '');
  return shown.split(' ').filter((s) => s !== '');
}
