import type { DelegationStepResult } from './opaque-token-leg.js';
import type { ShownRequest } from './recording-fetch.js';
import type { ShownToken } from './shown-token.js';

/**
 * `recipe`: the dual-auth recipe, the act travelling from the web app to an out-of-session agent
 * in a signed act JWT (and, for Entra ID, in an app-signed act assertion beside the token).
 * `exchange`: the IdP's own delegation, the human's token exchanged (RFC 8693) through
 * `@dual-auth/adapter-oauth`.
 */
export type JourneyMode = 'recipe' | 'exchange';

/** One button of the page: its id and what it does, in words. */
export interface JourneyStep {
  readonly id: string;
  readonly title: string;
}

/** The steps of each mode, in the order the page offers them. */
export const JOURNEY_STEPS: Readonly<Record<JourneyMode, readonly JourneyStep[]>> = {
  recipe: [
    { id: 'sign-in', title: 'Human signs in' },
    { id: 'extract-act', title: 'Web app extracts the act' },
    { id: 'act-jwt', title: 'Web app signs an act JWT for the agent' },
    { id: 'verify', title: 'Agent verifies the act JWT' },
    { id: 'token', title: 'Agent requests a dual-subject token' },
    { id: 'api-call', title: 'Agent calls the API' },
    { id: 'introspect', title: 'An API that gets opaque tokens introspects them (RFC 7662)' },
    { id: 'matrix', title: 'ALLOW/DENY matrix' },
    { id: 'end-delegation', title: 'Human logs out: end their delegations' },
  ],
  exchange: [
    { id: 'sign-in', title: 'Human signs in (the session keeps their token)' },
    { id: 'extract-act', title: 'Web app hands the act and the subject token to the agent' },
    { id: 'token', title: 'Agent exchanges the human token (RFC 8693)' },
    { id: 'api-call', title: 'Agent calls the API' },
    { id: 'matrix', title: 'ALLOW/DENY matrix' },
    { id: 'end-delegation', title: 'Human logs out: end their delegations' },
  ],
};

/** One row of the matrix as the page shows it. */
export interface MatrixCell {
  readonly agentId: string;
  readonly username: string;
  readonly expected: 'ALLOW' | 'DENY';
  readonly actual: 'ALLOW' | 'DENY';
  readonly status: number;
  readonly failedSide: string | undefined;
}

/**
 * What one step shows: words, decoded tokens, token requests, the API's decision, the matrix,
 * introspection answers, revocation outcomes and API calls after a logout.
 */
export interface StepResult extends DelegationStepResult {
  readonly step: string;
  readonly title: string;
  readonly tokens?: readonly ShownToken[];
  readonly requests?: readonly ShownRequest[];
  readonly matrix?: readonly MatrixCell[];
}
