import { errorClassOf, humanIdForLogging, type Logger, requireValue } from '@dual-auth/core';
import type { AuthorizationResult, SideResult } from './authorize.js';
import type { DualSubject } from './dual-subject.js';

/** `<side>:<reason>`; a check that threw adds its error's class, never its message. */
function basisOf(side: 'agent' | 'human', result: SideResult): string {
  return result.reason === 'check_failed'
    ? `${side}:check_failed ${errorClassOf(result.error)}`
    : `${side}:${result.reason}`;
}

/**
 * The audit record's `policy_basis` of an {@link authorize} result: `agent:<reason>` then
 * `human:<reason>`; a check that threw (or outlasted its deadline) adds its error's class
 * (`human:check_failed TimeoutError`), never its message. For code that audits `authorize` on
 * its own, as the guard and `@dual-auth/mcp`'s tool rule do.
 */
export function policyBasisOf(result: AuthorizationResult): string[] {
  requireAuthorizationResult(result);
  return [basisOf('agent', result.agent), basisOf('human', result.human)];
}

function requireAuthorizationResult(result: unknown): asserts result is AuthorizationResult {
  const { agent, human } = (result ?? {}) as Partial<AuthorizationResult>;
  if (typeof agent?.reason !== 'string' || typeof human?.reason !== 'string') {
    throw new TypeError('result must be what authorize() resolves to (its agent and human sides)');
  }
}

/**
 * Logs `dual_auth_check_failed` (error level: `side`, `agent_id`, `human_id`, `error_type`; IAM
 * ids and the error's class only, never its message) for each side of an {@link authorize} result
 * whose check threw or outlasted its deadline. A check aborted because the client went away is
 * not logged: its audit record says so.
 */
export function logThrownChecks(
  logger: Logger,
  subject: DualSubject,
  result: AuthorizationResult,
): void {
  requireValue(logger, 'logger', 'logger');
  requireValue(subject, 'subject', 'object');
  requireAuthorizationResult(result);
  for (const side of ['agent', 'human'] as const) {
    if (result[side].reason !== 'check_failed') continue;
    logger.error('dual_auth_check_failed', {
      side,
      agent_id: subject.agent.id,
      human_id: humanIdForLogging(subject.human),
      error_type: errorClassOf(result[side].error),
    });
  }
}
