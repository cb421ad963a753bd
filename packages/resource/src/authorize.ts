import { checkOption, checkValue, requireValue } from '@dual-auth/core';
import { raceAbort, type Sleep, timerSleep } from '@dual-auth/core/adapter-kit';
import { type CheckDeadline, createCheckDeadline } from './check-deadline.js';
import { clientLeft } from './client-left.js';
import type { ChainLink, DualSubject } from './dual-subject.js';
import { refuseSubjectListAsHop } from './subject-checks.js';

/** What a subject check answers: a yes/no, or one with a short reason (no email, no name). */
export type SubjectCheckResult = boolean | { allowed: boolean; reason?: string };

/** What a subject check is given. */
export interface SubjectCheckState {
  subject: DualSubject;
  /**
   * Aborts when the request's client goes away (under `cachedCheck`: once every request
   * sharing the lookup has), or with a `TimeoutError` at the checks' deadline (`checkTimeoutMs`).
   * A check still running when the client went away is audited `request_aborted`, not refused.
   * Always given by {@link authorize} (hence the guard and the MCP tool rule) and by `cachedCheck`.
   */
  signal: AbortSignal;
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
  /** As {@link SubjectCheckState.signal}: always given. */
  signal: AbortSignal;
}

/** A rule every actor of a delegation chain must pass (e.g. a list of trusted agents). */
export type HopCheck = (state: HopCheckState) => SubjectCheckResult | Promise<SubjectCheckResult>;

/** Which side of a dual-subject request was refused. */
export type FailedSide = 'agent' | 'human' | 'both';

/** The outcome of one side's check. */
export interface SideResult {
  allowed: boolean;
  /**
   * `authorized`, `not_authorized`, the check's own reason, `check_failed` when it threw, or
   * `check_aborted` when it threw once the request's `signal` had aborted.
   */
  reason: string;
  /**
   * What the check threw, when it did (the side is then refused). The key is present exactly when
   * the check threw, even when what it threw is `undefined` (`Promise.reject()`).
   */
  error?: unknown;
}

/** Whether `side`'s check threw (rather than said no), whatever it threw. */
const threw = (side: SideResult): boolean => Object.hasOwn(side, 'error');

/**
 * Why a DENY is no refusal: `check_unavailable` when a check threw (a directory that is down: the
 * guard answers 503, the client may try again), `aborted` when the request's `signal` aborted
 * while a check ran (the client went away).
 */
export type UnsettledCause = 'check_unavailable' | 'aborted';

/** The outcome of {@link authorize}. */
export interface AuthorizationResult {
  decision: 'ALLOW' | 'DENY';
  /** Undefined on ALLOW. */
  failedSide: FailedSide | undefined;
  agent: SideResult;
  human: SideResult;
  /**
   * `authorized`; `agent_not_authorized`, `human_not_authorized` or
   * `agent_and_human_not_authorized` when a check said no (that answer stands, whatever the other
   * side did); else `agent_check_unavailable`, `human_check_unavailable` or
   * `agent_and_human_check_unavailable` when a check threw, or `request_aborted` when the
   * request's `signal` aborted first.
   */
  reason: string;
  /** Set on a DENY that no check decided (see {@link UnsettledCause}); undefined otherwise. */
  unsettled?: UnsettledCause | undefined;
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
  hopAllowed?: HopCheck | undefined;
  /** The request's: when it aborts, the checks' signal aborts and the result is `request_aborted`. */
  signal?: AbortSignal;
  /**
   * How long the checks may take, in milliseconds, from the first check whose answer is pending
   * (checks that all answer synchronously need no deadline); default
   * {@link DEFAULT_CHECK_TIMEOUT_MS} (10 000). A check still unsettled then has its `signal`
   * aborted with a `TimeoutError` `DOMException` and is not waited for (even when it ignores its
   * signal): its side is refused as unavailable (`<side>_check_unavailable`, a 503 at the guard),
   * as a check that threw.
   */
  checkTimeoutMs?: number | undefined;
  /** How the deadline is waited; default core's `timerSleep` (tests pass their own). */
  sleep?: Sleep | undefined;
}

/**
 * The default deadline of the subject checks, in milliseconds: 10 s, well past a healthy
 * directory lookup (tens of ms) and a retried one, yet short of the 30–60 s at which proxies and
 * clients give up on a request without an answer (so the 503 with `Retry-After` reaches them).
 */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

/** What {@link runCheck} needs beside the check and its state. */
interface CheckRun {
  /** The checks' signal and deadline: a check unsettled at either is no longer waited for. */
  deadline: CheckDeadline;
  /** The request's own signal. */
  request: AbortSignal | undefined;
}

async function runCheck<S>(
  check: (state: S) => SubjectCheckResult | Promise<SubjectCheckResult>,
  state: S,
  { deadline, request }: CheckRun,
): Promise<SideResult> {
  try {
    const answer = check(state);
    // A pending answer is raced against the signal: a check deaf to it (a directory call without
    // a timeout) never holds the request. raceAbort does not see a signal aborted before it.
    let result: SubjectCheckResult;
    if (typeof (answer as Partial<PromiseLike<unknown>>)?.then === 'function') {
      const signal = deadline.pending();
      if (signal.aborted) throw signal.reason;
      result = await raceAbort(Promise.resolve(answer), signal);
    } else {
      result = answer as SubjectCheckResult;
    }
    const allowed = typeof result === 'boolean' ? result : result?.allowed === true;
    const own = typeof result === 'object' && result !== null ? result.reason : undefined;
    return { allowed, reason: own ?? (allowed ? 'authorized' : 'not_authorized') };
  } catch (error) {
    // Only a client gone is no outage; a deadline of the app's own leaves a check unavailable.
    const reason = clientLeft(request) ? 'check_aborted' : 'check_failed';
    return { allowed: false, reason, error };
  }
}

/** Which sides `failed` holds: `agent`, `human`, both, or none. */
function sideOf(agentFailed: boolean, humanFailed: boolean): FailedSide | undefined {
  if (agentFailed && humanFailed) return 'both';
  if (agentFailed) return 'agent';
  return humanFailed ? 'human' : undefined;
}

/** `agent`, `human` or `agent_and_human`: how a reason names the failed side. */
const prefixOf = (side: FailedSide): string => (side === 'both' ? 'agent_and_human' : side);

/**
 * The failed side and reason: a side a check refused decides (a retry would not change it);
 * only when none did, the sides whose check threw, as unavailable or (the request's signal
 * aborted) as aborted.
 */
function outcomeOf(
  agent: SideResult,
  human: SideResult,
): Pick<AuthorizationResult, 'failedSide' | 'reason' | 'unsettled'> {
  const refused = sideOf(!agent.allowed && !threw(agent), !human.allowed && !threw(human));
  if (refused !== undefined) {
    return { failedSide: refused, reason: `${prefixOf(refused)}_not_authorized` };
  }
  const thrown = sideOf(!agent.allowed, !human.allowed);
  if (thrown === undefined) return { failedSide: undefined, reason: 'authorized' };
  if (agent.reason === 'check_aborted' || human.reason === 'check_aborted') {
    return { failedSide: thrown, reason: 'request_aborted', unsettled: 'aborted' };
  }
  return {
    failedSide: thrown,
    reason: `${prefixOf(thrown)}_check_unavailable`,
    unsettled: 'check_unavailable',
  };
}

async function agentSide(
  options: AuthorizeOptions,
  state: SubjectCheckState,
  run: CheckRun,
): Promise<SideResult> {
  const { agentAllowed, hopAllowed, subject } = options;
  const hops =
    hopAllowed === undefined
      ? []
      : subject.chain.map((hop, index) =>
          runCheck(hopAllowed, run.deadline.stateOf({ subject, hop, index }), run),
        );
  const results = await Promise.all([runCheck(agentAllowed, state, run), ...hops]);
  const agent = results[0] as SideResult;
  // A check that said no decides over one that threw, as between the two sides.
  const refusals = results.filter((result) => !result.allowed);
  const decisive = refusals.find((result) => !threw(result)) ?? refusals[0];
  if (decisive === undefined || decisive === agent) return agent;
  const reason = decisive.reason === 'not_authorized' ? 'hop_not_authorized' : decisive.reason;
  return { ...decisive, reason };
}

/**
 * The project's rule as code: an agent may act for a human only when the agent AND the human are
 * each authorized, by two independent checks. Both checks always run (concurrently), so the result
 * says which side failed. A check that throws, or has not settled within `checkTimeoutMs`, refuses
 * its side (fail closed) as unavailable (`<side>_check_unavailable`, a 503 at the guard), or as
 * `request_aborted` when the request's `signal` aborted first; a check that says no decides over
 * one that threw. No check is waited for past its deadline, even one deaf to its signal.
 *
 * @throws TypeError naming a wrong option (`checkTimeoutMs` below 100 is read as seconds).
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
  refuseSubjectListAsHop(hopAllowed, 'options.hopAllowed');
  checkValue(signal, 'options.signal', 'signal');
  const timeoutMs = checkOption(options, 'checkTimeoutMs', 'timeoutMs') ?? DEFAULT_CHECK_TIMEOUT_MS;
  const sleep = checkOption<Sleep>(options, 'sleep', 'function') ?? timerSleep;
  // The deadline starts only once a check's answer is pending (see createCheckDeadline).
  const run: CheckRun = {
    deadline: createCheckDeadline(timeoutMs, sleep, signal),
    request: signal,
  };
  const state = run.deadline.stateOf({ subject });
  let agent: SideResult;
  let human: SideResult;
  try {
    [agent, human] = await Promise.all([
      agentSide(options, state, run),
      runCheck(humanAllowed, state, run),
    ]);
  } finally {
    run.deadline.settle();
  }
  const outcome = outcomeOf(agent, human);
  return {
    decision: outcome.failedSide === undefined ? 'ALLOW' : 'DENY',
    agent,
    human,
    ...outcome,
  };
}
