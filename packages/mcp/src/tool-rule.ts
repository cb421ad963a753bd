import {
  type AuditEventInit,
  checkOption,
  createAuditEvent,
  type DualAuthAuditEvent,
  emitAuditEvent,
  errorClassOf,
  humanIdForLogging,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  readsAsEmail,
  refuseUnknownOptions,
  requireValue,
} from '@dual-auth/core';
import type { Sleep } from '@dual-auth/core/adapter-kit';
import {
  authorize,
  type DualSubject,
  type HopCheck,
  logThrownChecks,
  policyBasisOf,
  refuseGuardIdLists,
  type SubjectCheck,
  scopeForAudit,
} from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { verifiedRequest } from './dual-subject-auth-info.js';

/** A tool's own rule, on top of the server's: e.g. the agent's scope AND the human's role. */
export interface ToolRule {
  /** The tool's name, audited as the route `tools/<name>`. */
  tool: string;
  agentAllowed: SubjectCheck;
  humanAllowed: SubjectCheck;
  /**
   * When given, every actor of the delegation chain (`subject.chain`: the agent calling, then each
   * earlier one) must pass it too, as with the guard's `hopAllowed` of `@dual-auth/resource`: an
   * actor refused refuses the agent side (`failed_side: "agent"`, `error_description` "An agent in
   * the delegation chain is not authorized for this tool", audited `agent_not_authorized`
   * with `policy_basis` `agent:hop_not_authorized`); a hop check that throws or outlasts
   * `checkTimeoutMs` makes the agent side unavailable (503 `agent_check_unavailable`). Without it,
   * only the calling agent is checked (`actorIn([...])` of `@dual-auth/resource` lists trusted ids).
   */
  hopAllowed?: HopCheck;
  /**
   * How long the checks may take, in milliseconds; default 10 000 (`DEFAULT_CHECK_TIMEOUT_MS` of
   * `@dual-auth/resource`). A check still unsettled then has its `signal` aborted with a
   * `TimeoutError` and is not waited for: the call is refused as unavailable (audited 503
   * `<side>_check_unavailable`), as when a check throws.
   */
  checkTimeoutMs?: number;
  /** How the checks' deadline is waited; default core's `timerSleep` (tests pass their own). */
  sleep?: Sleep;
  /** Gets a `dual_auth_decision` event per call (info on ALLOW, warn on DENY). */
  logger?: Logger;
  /**
   * Called with every audit event; a promise it returns is awaited, any other value ignored. A
   * throw (or rejection) is logged as `dual_auth_audit_failed` and ignored. It gets the event
   * also when `logger` throws writing it; that throw then goes on and the tool does not run.
   */
  onDecision?: (event: DualAuthAuditEvent) => unknown;
}

// A misspelled `hopAllowed` would leave every earlier actor of the chain unchecked.
const TOOL_RULE_OPTIONS = {
  tool: true,
  agentAllowed: true,
  humanAllowed: true,
  hopAllowed: true,
  checkTimeoutMs: true,
  sleep: true,
  logger: true,
  onDecision: true,
} as const satisfies KnownOptions<ToolRule>;

/** What the MCP SDK passes a tool callback last: the request's `extra`, `authInfo` in it. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const DENIALS = {
  agent: 'The agent is not authorized for this tool',
  human: 'The human the agent acts for is not authorized for this tool',
  both: 'Neither the agent nor the human it acts for is authorized for this tool',
  credentials: 'This tool needs a request verified by @dual-auth/mcp',
} as const;

// A hop check refused some actor of the chain; authorize does not say which, so "in the chain".
const HOP_DENIALS = {
  agent: 'An agent in the delegation chain is not authorized for this tool',
  both: 'Neither every agent in the delegation chain nor the human it acts for is authorized for this tool',
} as const;

const UNAVAILABLE = 'Could not be checked right now; try again later';

function denial(
  failedSide: keyof typeof DENIALS,
  { unavailable = false, hop = false } = {},
): CallToolResult {
  const description =
    hop && (failedSide === 'agent' || failedSide === 'both')
      ? HOP_DENIALS[failedSide]
      : DENIALS[failedSide];
  const body = {
    error: unavailable
      ? 'temporarily_unavailable'
      : failedSide === 'credentials'
        ? 'invalid_token'
        : 'insufficient_scope',
    error_description: unavailable ? UNAVAILABLE : description,
    failed_side: failedSide,
  };
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] };
}

async function audit(rule: ToolRule, logger: Logger, event: DualAuthAuditEvent): Promise<void> {
  try {
    emitAuditEvent(logger, event);
  } finally {
    // A logger that throws still lets `onDecision` (often the durable audit trail) have the
    // record, as the guard of @dual-auth/resource does; the throw goes on, so the tool does not run.
    try {
      await rule.onDecision?.(event);
    } catch (error) {
      logger.error('dual_auth_audit_failed', {
        error_type: errorClassOf(error),
      });
    }
  }
}

function auditEvent(
  rule: ToolRule,
  subject: DualSubject | undefined,
  audience: readonly string[],
  outcome: Pick<AuditEventInit, 'decision' | 'status' | 'failed_side' | 'reason' | 'policy_basis'>,
): DualAuthAuditEvent {
  return createAuditEvent({
    source: 'resource',
    vendor: subject?.vendor,
    audience,
    route: `tools/${rule.tool}`,
    method: 'tools/call',
    agent_id: subject?.agent.id,
    // A subject is what the guard verified; without one nobody is proven, and the record says so.
    identities: subject === undefined ? 'unverified' : 'verified',
    // Already as logged: off Node, a verified human carries the digest its verification prepared.
    human_id: humanIdForLogging(subject?.human),
    human_oid: oidForLogging(subject),
    delegation_chain: subject?.chain.map((link) => link.id),
    scope: scopeForAudit(subject),
    ...outcome,
  });
}

// The human's `oid` as the record writes it: one that reads as an email (an IdP mapper put it
// there) as its digest, which humanIdForLogging gives for a human with an `oid` (off Node, the one
// the guard's verification prepared; core's createAuditEvent, given the raw oid, could only write
// sha256:unavailable there).
function oidForLogging(subject: DualSubject | undefined): string | undefined {
  const oid = subject?.human.oid;
  if (typeof oid !== 'string') return undefined;
  return readsAsEmail(oid) ? humanIdForLogging(subject?.human) : oid;
}

/**
 * Wraps an MCP tool callback so it runs only when the request's agent passes `agentAllowed` AND
 * its human passes `humanAllowed` (both always run, as `authorize` of `@dual-auth/resource` does),
 * and, with `hopAllowed`, every actor of its delegation chain passes that.
 * A refusal is a tool result with `isError: true` whose text is the JSON
 * `{ error, error_description, failed_side }`, so the model reads which side failed (`error`
 * `temporarily_unavailable`, audited 503 `<side>_check_unavailable`, when a check threw or
 * outlasted `checkTimeoutMs` and none refused: the call may be tried again); the decision
 * goes to the audit (`route: "tools/<name>"`, `audience` the server's resource URL the guard
 * verified the token for, IAM ids only). A request that did not pass the
 * server's guard is refused with `failed_side: "credentials"`: no `extra.authInfo`, or one this
 * package's guard did not build (an `extra.dualSubject` other code wrote, a copy; see
 * {@link @dual-auth/mcp!getDualSubject}).
 *
 * @throws TypeError at creation when a check is not a function, or `rule` has a key that is not an
 * option (a misspelled `hopAllowed` would leave the chain's earlier actors unchecked). The wrapped
 * callback rejects with a TypeError, and the tool does not run, when the guard that verified the
 * request (one of `createDualAuthGuard`) would refuse one of the rule's id lists as its own:
 * `humanIn(ids)`, `agentIn` or `actorIn` without `{ issuer }` behind a guard trusting several
 * identity providers (ids are unique only within their issuer), or scoped to an issuer it does
 * not trust (`refuseGuardIdLists` of `@dual-auth/resource`); the call is audited first as one whose
 * check threw (DENY, 503 `<side>_check_unavailable`, `policy_basis` `<side>:check_failed TypeError`,
 * the other side's check run as usual), the message left to the thrown error.
 * @throws ConfigurationError at creation when no `logger` is given and `DUAL_AUTH_LOG` or
 * `DUAL_AUTH_LOG_LEVEL` holds a value it does not know (docs/logging.md).
 * @example
 * server.registerTool('pay', { inputSchema }, withToolRule(
 *   { tool: 'pay', agentAllowed: agentHasScope('payments.write'), humanAllowed: humanHasRole('Payer', rolesOf) },
 *   async (args, extra) => pay(args, getDualSubject(extra.authInfo)),
 * ));
 * // A tool without input: the callback gets `extra` only.
 * server.registerTool('whoami', {}, withToolRule(rule, async (extra) => whoami(getDualSubject(extra.authInfo))));
 */
// biome-ignore lint/suspicious/noExplicitAny: `any[]`, not the union of the two shapes, so a callback that does not fit its tool fails at this call only, not in its body too.
export function withToolRule<Params extends any[] = [extra: ToolExtra]>(
  rule: ToolRule,
  // The SDK calls a tool `(args, extra)` with an input schema and `(extra)` without; the
  // callback's parameters are the registered tool's, taken from where the wrapper is passed, so a
  // two-parameter callback on a tool without input does not compile (its `extra` would be
  // undefined at run time). Overloads would fix an unannotated callback's parameters on the first
  // one tried.
  handler: (...params: Params) => CallToolResult | Promise<CallToolResult>,
): (...params: Params) => Promise<CallToolResult> {
  requireValue(rule, 'rule', 'object');
  refuseUnknownOptions(rule, TOOL_RULE_OPTIONS, 'withToolRule');
  requireValue(rule.tool, 'rule.tool', 'string');
  requireValue(rule.agentAllowed, 'rule.agentAllowed', 'function');
  requireValue(rule.humanAllowed, 'rule.humanAllowed', 'function');
  checkOption(rule, 'hopAllowed', 'function');
  checkOption(rule, 'checkTimeoutMs', 'timeoutMs');
  checkOption(rule, 'sleep', 'function');
  requireValue(handler, 'handler', 'function');
  const logger = loggerOrDefault(rule.logger);
  // The guards whose issuers this rule's id lists were found scoped for.
  const checked = new WeakSet<object>();
  return async (...args) => {
    const extra = args.at(-1) as { authInfo?: AuthInfo } | undefined;
    const verified = verifiedRequest(extra?.authInfo);
    if (verified === undefined) {
      await audit(
        rule,
        logger,
        auditEvent(rule, undefined, [], {
          decision: 'DENY',
          status: 401,
          failed_side: 'credentials',
          reason: 'access_token.missing_claim',
        }),
      );
      return denial('credentials');
    }
    const { subject, audience, guard } = verified;
    // Ids are unique only within their issuer: a list the guard would refuse as its own, it
    // refuses here (the rule cannot know the guard before its first call).
    // Each check refused so throws the refusal: its side is audited as a check that threw.
    const checks = { ...rule };
    let refusal: unknown;
    if (guard !== undefined && !checked.has(guard)) {
      for (const name of ['agentAllowed', 'hopAllowed', 'humanAllowed'] as const) {
        try {
          refuseGuardIdLists(guard, { [name]: rule[name] }, `withToolRule '${rule.tool}': rule`);
        } catch (error) {
          refusal ??= error;
          checks[name] = () => {
            throw error;
          };
        }
      }
    }
    // The rule's other options (tool, logger, onDecision) are not authorize's: it reads none.
    const result = await authorize({ ...checks, subject });
    logThrownChecks(logger, subject, result);
    await audit(
      rule,
      logger,
      auditEvent(rule, subject, audience, {
        decision: result.decision,
        // A check that threw is an outage (503, retryable), not a refusal.
        status: result.failedSide === undefined ? 200 : result.unsettled === undefined ? 403 : 503,
        failed_side: result.failedSide,
        reason: result.reason,
        policy_basis: policyBasisOf(result),
      }),
    );
    // Audited as a check that threw, then thrown: the message says what to give the rule.
    if (refusal !== undefined) throw refusal;
    if (guard !== undefined) checked.add(guard);
    if (result.failedSide !== undefined) {
      return denial(result.failedSide, {
        unavailable: result.unsettled !== undefined,
        hop: result.agent.reason === 'hop_not_authorized',
      });
    }
    // The SDK's arguments are passed on as they came: one (`extra`) or two.
    return (handler as (...args: unknown[]) => CallToolResult | Promise<CallToolResult>)(...args);
  };
}
