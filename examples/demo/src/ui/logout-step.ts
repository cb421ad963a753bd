import type {
  Act,
  DelegationCutoffStore,
  DualSubjectToken,
  IamAdapter,
  TokenRevocationOutcome,
} from '@dual-auth/core';
import { endDelegation, type SingleFlightTokenCache } from '@dual-auth/session';
import type { DemoApi } from '../demo-api.js';
import { type ApiDecision, callDemoApi } from './api-decision.js';

/** One API call as the page shows it: whose token, the decision and the API's reason. */
export interface ShownCall {
  readonly label: string;
  readonly status: number;
  readonly decision: 'ALLOW' | 'DENY';
  /** The audit event's reason (`authorized`, `access_token.revoked`…). */
  readonly reason: string;
}

/** What `endDelegation` did to one cached token: `revoked`, `not-supported` or `failed`. */
export interface ShownRevocation {
  readonly status: TokenRevocationOutcome['status'];
  /** The revocation endpoint, or why not (with when the token expires). */
  readonly detail: string;
}

/** What {@link logOut} takes: the human's token and another human's, and where they were got. */
export interface LogOutOptions {
  readonly act: Act;
  readonly token: DualSubjectToken;
  /** `carol (<id>)`. */
  readonly otherLabel: string;
  readonly otherToken: DualSubjectToken;
  /** The agent's cache both tokens went through, and the adapter that got them. */
  readonly cache: SingleFlightTokenCache;
  readonly adapter: IamAdapter;
  /** The cut-offs the API reads. */
  readonly cutoffStore: DelegationCutoffStore;
  readonly api: DemoApi;
  readonly fetch: typeof globalThis.fetch;
  readonly agent: 'in-session' | 'out-of-session';
}

/** What {@link logOut} shows. */
export interface LoggedOut {
  readonly notes: readonly string[];
  readonly values: Record<string, unknown>;
  readonly revocations: readonly ShownRevocation[];
  readonly calls: readonly ShownCall[];
}

function detailOf(outcome: TokenRevocationOutcome): string {
  return outcome.status === 'revoked' ? `at ${outcome.endpoint}` : outcome.message;
}

function shownCall(label: string, { status, decision, reason }: ApiDecision): ShownCall {
  return { label, status, decision, reason };
}

/**
 * The human logs out: `endDelegation` for the act, every id of the human (the cut-off the API reads,
 * the agent's cached tokens dropped, each revoked at the IdP where the adapter can), then the
 * human's token and the other human's are sent to the API again.
 */
export async function logOut(options: LogOutOptions): Promise<LoggedOut> {
  const { act, token, cache, adapter, cutoffStore, api, fetch, agent } = options;
  // The act, not act.sub: an Entra on-behalf-of token names the user by oid (its sub is pairwise).
  const ended = await endDelegation({ human: act, cache, adapter, cutoffStore });
  const after = await callDemoApi(api, fetch, token, agent);
  const other = await callDemoApi(api, fetch, options.otherToken, agent);
  return {
    notes: [
      `${act.sub} logged out: endDelegation recorded the cut-off the API reads, dropped the agent’s cached tokens for them and asked the IdP to revoke each (RFC 7009) where it can.`,
      `The agent sends the same token again: refused. ${options.otherLabel}’s token still works.`,
    ],
    values: {
      cutoff: new Date(ended.cutoffMs).toISOString(),
      'dropped tokens': ended.droppedTokens,
    },
    revocations: ended.revocations.map((outcome) => ({
      status: outcome.status,
      detail: detailOf(outcome),
    })),
    calls: [shownCall(`${act.sub}, after the logout`, after), shownCall(options.otherLabel, other)],
  };
}
