import { checkValue, requireValue } from '@dual-auth/core';
import type { ChainLink, DualSubject } from './dual-subject.js';

/** What a subject check answers: a yes/no, or one with a short reason (no email, no name). */
export type SubjectCheckResult = boolean | { allowed: boolean; reason?: string };

/** What a subject check is given. */
export interface SubjectCheckState {
  subject: DualSubject;
  signal?: AbortSignal | undefined;
}

/** One side's rule: is this agent (or this human) allowed? May be async (a directory lookup). */
export type SubjectCheck = (
  state: SubjectCheckState,
) => SubjectCheckResult | Promise<SubjectCheckResult>;

/** What a hop check is given: one actor of the delegation chain. */
export interface HopCheckState {
  hop: ChainLink;
  /** Its place in `subject.chain`: 0 is the agent calling, then each earlier actor. */
  index: number;
  subject: DualSubject;
  signal?: AbortSignal | undefined;
}

/** A rule every actor of a delegation chain must pass (e.g. a list of trusted agents). */
export type HopCheck = (state: HopCheckState) => SubjectCheckResult | Promise<SubjectCheckResult>;

/** Which side of a dual-subject request was refused. */
export type FailedSide = 'agent' | 'human' | 'both';

/** The outcome of one side's check. */
export interface SideResult {
  allowed: boolean;
  /** `authorized`, `not_authorized`, the check's own reason, or `check_failed` when it threw. */
  reason: string;
  /** What the check threw, when it did (the side is then refused). */
  error?: unknown;
}

/** The outcome of {@link authorize}. */
export interface AuthorizationResult {
  decision: 'ALLOW' | 'DENY';
  /** Undefined on ALLOW. */
  failedSide: FailedSide | undefined;
  agent: SideResult;
  human: SideResult;
  /** `authorized`, `agent_not_authorized`, `human_not_authorized` or `agent_and_human_not_authorized`. */
  reason: string;
}

/** What {@link authorize} takes. */
export interface AuthorizeOptions {
  subject: DualSubject;
  agentAllowed: SubjectCheck;
  humanAllowed: SubjectCheck;
  /**
   * When given, every actor of `subject.chain` (the agent calling and each earlier one) must pass
   * it too, or the agent side is refused (`hop_not_authorized`). Without it, only the agent is
   * checked and the earlier actors are exposed for the route to judge.
   */
  hopAllowed?: HopCheck;
  signal?: AbortSignal;
}

async function runCheck<S>(
  check: (state: S) => SubjectCheckResult | Promise<SubjectCheckResult>,
  state: S,
): Promise<SideResult> {
  try {
    const result = await check(state);
    const allowed = typeof result === 'boolean' ? result : result?.allowed === true;
    const own = typeof result === 'object' && result !== null ? result.reason : undefined;
    return { allowed, reason: own ?? (allowed ? 'authorized' : 'not_authorized') };
  } catch (error) {
    return { allowed: false, reason: 'check_failed', error };
  }
}

async function agentSide(options: AuthorizeOptions, state: SubjectCheckState): Promise<SideResult> {
  const { agentAllowed, hopAllowed, subject } = options;
  const hops =
    hopAllowed === undefined
      ? []
      : subject.chain.map((hop, index) => runCheck(hopAllowed, { ...state, hop, index }));
  const [agent, ...hopResults] = await Promise.all([runCheck(agentAllowed, state), ...hops]);
  const refusedHop = hopResults.find((result) => !result.allowed);
  if (!agent?.allowed || refusedHop === undefined) return agent as SideResult;
  const reason = refusedHop.reason === 'not_authorized' ? 'hop_not_authorized' : refusedHop.reason;
  return { ...refusedHop, reason };
}

/**
 * The project's rule as code: an agent may act for a human only when the agent AND the human are
 * each authorized, by two independent checks. Both checks always run (concurrently), so the result
 * says which side failed. A check that throws refuses its side (fail closed).
 *
 * @example
 * const result = await authorize({
 *   subject,
 *   agentAllowed: agentHasRole('FinanceAgent'),
 *   humanAllowed: cachedCheck(humanHasRole('FinanceUser', lookupRoles), {
 *     ttlMs: 60_000,
 *     key: 'human',
 *   }),
 * });
 * if (result.decision === 'DENY') console.log(result.failedSide); // 'agent' | 'human' | 'both'
 */
export async function authorize(options: AuthorizeOptions): Promise<AuthorizationResult> {
  const { subject, agentAllowed, humanAllowed, hopAllowed, signal } = options ?? {};
  if (typeof subject?.agent?.id !== 'string' || typeof subject.human?.sub !== 'string') {
    throw new TypeError('options.subject must be a verified DualSubject');
  }
  requireValue(agentAllowed, 'options.agentAllowed', 'function');
  requireValue(humanAllowed, 'options.humanAllowed', 'function');
  checkValue(hopAllowed, 'options.hopAllowed', 'function');
  const state: SubjectCheckState = { subject, signal };
  const [agent, human] = await Promise.all([
    agentSide(options, state),
    runCheck(humanAllowed, state),
  ]);
  const failedSide: FailedSide | undefined =
    !agent.allowed && !human.allowed
      ? 'both'
      : !agent.allowed
        ? 'agent'
        : !human.allowed
          ? 'human'
          : undefined;
  const reason =
    failedSide === undefined
      ? 'authorized'
      : failedSide === 'both'
        ? 'agent_and_human_not_authorized'
        : `${failedSide}_not_authorized`;
  return {
    decision: failedSide === undefined ? 'ALLOW' : 'DENY',
    failedSide,
    agent,
    human,
    reason,
  };
}
