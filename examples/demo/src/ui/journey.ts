import { InSessionApiCall, OutOfSessionApiCall } from '@dual-auth/client';
import type { Act, DualSubjectToken } from '@dual-auth/core';
import {
  HybridSender,
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  type UserSession,
} from '@dual-auth/session';
import type { LocalIdp } from '@dual-auth/testing';
import type { DemoApi } from '../demo-api.js';
import { delegatingAdapter, loggedIn, nativeDelegationMatrix } from '../native-delegation.js';
import { matrix, sessionOf } from '../run-demo.js';
import { vendorAdapter } from '../vendor-adapter.js';
import type { OpaqueServers } from './opaque-servers.js';
import { type OpaqueLegResult, OpaqueTokenLeg } from './opaque-token-leg.js';
import { recordingFetch, type ShownRequest } from './recording-fetch.js';
import { type Identities, identitiesIn, type ShownToken, shownToken } from './shown-token.js';

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
export interface StepResult extends OpaqueLegResult {
  readonly step: string;
  readonly title: string;
  readonly tokens?: readonly ShownToken[];
  readonly requests?: readonly ShownRequest[];
  readonly matrix?: readonly MatrixCell[];
}

/** A step clicked before the one it needs. */
export class StepOrderError extends Error {
  override name = 'StepOrderError';
}

const AGENT = 'finance-agent';
const HUMAN = 'alice';
const PARTIES = { agents: [AGENT, 'intern-agent'], humans: [HUMAN, 'bob'] } as const;
/** The act JWT's audience: the agent service's endpoint (it need not be reachable here). */
const AGENT_ENDPOINT = 'https://finance-agent.localhost/invoke';

/** What the servers of one vendor's journey are. */
export interface JourneyServers {
  readonly idp: LocalIdp;
  /** The API of the recipe (legacy layout). */
  readonly api: DemoApi;
  /** The API of the IdP's own delegation (RFC 8693 layout). */
  readonly exchangeApi: DemoApi;
  /** The opaque-token IdP and its introspecting API, started on first use. */
  readonly opaque: () => Promise<OpaqueServers>;
}

function need<T>(value: T | undefined, step: string): T {
  if (value === undefined) throw new StepOrderError(`click "${step}" first`);
  return value;
}

function decisionOf(status: number): 'ALLOW' | 'DENY' {
  return status === 200 ? 'ALLOW' : 'DENY';
}

/**
 * One human's journey through one vendor's flow, a step at a time, as the page drives it. Keeps
 * the session, act and tokens between steps on the server; each step returns only what the page
 * may show: IAM ids, decoded claims with the signature elided, token requests with every
 * credential elided. Never an email, a secret, a key or a compact token.
 */
export class Journey {
  readonly #servers: JourneyServers;
  readonly #mode: JourneyMode;
  #session: UserSession | undefined;
  #act: Act | undefined;
  #actJwt: string | undefined;
  #verifiedAct: Act | undefined;
  #token: DualSubjectToken | undefined;
  /** The out-of-session agent (recipe): verifies act JWTs, requests tokens. */
  #agent: OutOfSessionTokenRequest | undefined;
  /** The agent at the opaque-token IdP (recipe): introspection, then the logout. */
  #opaqueLeg: OpaqueTokenLeg | undefined;
  /** The token requests of the current step, as the page may show them. */
  readonly #requests: ShownRequest[] = [];

  constructor(servers: JourneyServers, mode: JourneyMode) {
    this.#servers = servers;
    this.#mode = mode;
  }

  get mode(): JourneyMode {
    return this.#mode;
  }

  /** The ids of the journey's agent and human, to find in tokens. */
  #identities(): Identities {
    return identitiesIn(this.#servers.idp, AGENT, HUMAN);
  }

  /**
   * Runs `stepId` of this journey's mode.
   *
   * @throws StepOrderError when a step it needs has not run; `sign-in` starts over.
   */
  async run(stepId: string): Promise<StepResult> {
    const step = JOURNEY_STEPS[this.#mode].find((s) => s.id === stepId);
    if (step === undefined) throw new StepOrderError(`no step "${stepId}" in mode ${this.#mode}`);
    const shown = await this.#run(step.id);
    return { step: step.id, title: step.title, ...shown };
  }

  async #run(step: string): Promise<Omit<StepResult, 'step' | 'title'>> {
    switch (step) {
      case 'sign-in':
        return this.#mode === 'recipe' ? this.#signIn() : this.#signInWithToken();
      case 'extract-act':
        return this.#extractAct();
      case 'act-jwt':
        return this.#signActJwt();
      case 'verify':
        return this.#verify();
      case 'token':
        return this.#mode === 'recipe' ? this.#requestToken() : this.#exchange();
      case 'api-call':
        return this.#callApi();
      case 'introspect':
        return this.#introspect();
      case 'end-delegation':
        return need(this.#opaqueLeg, 'introspect').endDelegation();
      default:
        return this.#matrix();
    }
  }

  async #signIn(): Promise<Omit<StepResult, 'step' | 'title'>> {
    this.#reset();
    const { idp } = this.#servers;
    this.#agent = new OutOfSessionTokenRequest({
      adapter: await vendorAdapter(idp, AGENT, recordingFetch(idp.fetch, this.#requests)),
      publicKey: idp.app.publicKeyPem,
    });
    this.#session = sessionOf(idp, HUMAN);
    return {
      notes: [
        `${HUMAN} logged in to the web app; its UserSession holds their IdP user id.`,
        'Its email stays on the server: the page shows the ids the IdP issued (Entra ID: the UPN and oid).',
      ],
      values: this.#sessionValues(this.#session),
    };
  }

  async #signInWithToken(): Promise<Omit<StepResult, 'step' | 'title'>> {
    this.#reset();
    const { idp } = this.#servers;
    const delegation = idp.profile.nativeDelegation;
    if (delegation === undefined) {
      throw new StepOrderError(`the ${idp.vendor} IdP has no native delegation`);
    }
    this.#session = await loggedIn(idp, delegation, HUMAN, AGENT);
    const subjectToken = need(this.#session.subjectToken, 'sign-in');
    return {
      notes: [
        `${HUMAN} logged in; the session keeps their own ${delegation.subjectToken} token, the subject token of the exchange.`,
      ],
      values: this.#sessionValues(this.#session),
      tokens: [
        shownToken(
          `human's ${delegation.subjectToken} token`,
          subjectToken.value,
          this.#identities(),
        ),
      ],
    };
  }

  #sessionValues(session: UserSession): Record<string, unknown> {
    return {
      userId: session.userId,
      ...(session.userOid === undefined ? {} : { userOid: session.userOid }),
    };
  }

  #extractAct(): Omit<StepResult, 'step' | 'title'> {
    const session = need(this.#session, 'sign-in');
    const sender = new HybridSender({ privateKey: this.#servers.idp.app.privateKeyPem });
    this.#act = sender.extractActFromSession(session);
    return {
      notes:
        this.#mode === 'recipe'
          ? ['HybridSender.extractActFromSession: the human, as the agent will carry them.']
          : [
              'The act names the human; the agent gets the session’s token as subject token (kept on the server).',
            ],
      values: { act: this.#act },
    };
  }

  async #signActJwt(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const act = need(this.#act, 'extract-act');
    const sender = new HybridSender({ privateKey: this.#servers.idp.app.privateKeyPem });
    this.#actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: AGENT_ENDPOINT });
    return {
      notes: [
        `Signed with the web app's private key (which never leaves the server) for ${AGENT_ENDPOINT}.`,
      ],
      tokens: [shownToken('act JWT', this.#actJwt, this.#identities())],
    };
  }

  async #verify(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const actJwt = need(this.#actJwt, 'act-jwt');
    this.#verifiedAct = await need(this.#agent, 'sign-in').receiveAndVerifyActJwt(actJwt, {
      expectedAudience: AGENT_ENDPOINT,
    });
    return {
      notes: [
        'OutOfSessionTokenRequest.receiveAndVerifyActJwt: signature (web app public key), issuer, audience = this agent, expiry, single-use jti.',
        `Verified: the agent acts for ${this.#verifiedAct.sub}.`,
      ],
      values: { act: this.#verifiedAct },
    };
  }

  async #requestToken(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const act = need(this.#verifiedAct, 'verify');
    this.#requests.length = 0;
    this.#token = await need(this.#agent, 'sign-in').requestToken({
      agentId: AGENT,
      act,
      scope: ['finance.read'],
    });
    return this.#tokenShown(['The IdP put both subjects in what it issued:']);
  }

  async #exchange(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const session = need(this.#session, 'sign-in');
    const act = need(this.#act, 'extract-act');
    const { idp } = this.#servers;
    const delegation = need(idp.profile.nativeDelegation, 'sign-in');
    this.#requests.length = 0;
    const { adapter, env } = await delegatingAdapter(
      idp,
      delegation,
      AGENT,
      recordingFetch(idp.fetch, this.#requests),
    );
    this.#token = await new InSessionTokenRequest({ adapter }).requestToken({
      agentId: AGENT,
      act,
      scope: ['finance.read'],
      subjectToken: session.subjectToken,
    });
    const how = env.OAUTH_PRESET
      ? `OAUTH_PRESET=${env.OAUTH_PRESET}`
      : `OAUTH_MODE=${env.OAUTH_MODE}`;
    return this.#tokenShown([
      `@dual-auth/adapter-oauth with ${how}: the IdP checked the subject token and issued a delegated token: the human in sub, the agent where the IdP marks the actor.`,
    ]);
  }

  #tokenShown(notes: string[]): Omit<StepResult, 'step' | 'title'> {
    const token = need(this.#token, 'token');
    const ids = this.#identities();
    return {
      notes: [...notes, 'Client credentials, assertions and subject tokens are elided.'],
      requests: [...this.#requests],
      tokens: [
        shownToken('access token', token.accessToken, ids),
        ...(token.actAssertion === undefined
          ? []
          : [
              shownToken(
                'X-Act-Assertion (app-signed, bound to the token)',
                token.actAssertion,
                ids,
              ),
            ]),
      ],
    };
  }

  async #callApi(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const token = need(this.#token, 'token');
    const { idp, api, exchangeApi } = this.#servers;
    const apiUrl = this.#mode === 'recipe' ? api.url : exchangeApi.url;
    const call =
      this.#mode === 'recipe'
        ? new OutOfSessionApiCall({ fetch: idp.fetch })
        : new InSessionApiCall({ fetch: idp.fetch });
    const response = await call.callApi({
      method: 'GET',
      apiUrl,
      tokenResponse: token,
      throwHttpErrors: false,
    });
    const body: unknown = await response.json();
    const rule = this.#mode === 'recipe' ? api.agentRule : exchangeApi.agentRule;
    return {
      notes: [
        `GET ${apiUrl}: @dual-auth/resource verified the token against the IdP's JWKS.`,
        `It allows when the agent has ${rule} AND the human has FinanceUser.`,
      ],
      decision: { status: response.status, decision: decisionOf(response.status), body },
    };
  }

  async #introspect(): Promise<OpaqueLegResult> {
    const act = need(this.#verifiedAct, 'verify');
    this.#opaqueLeg = new OpaqueTokenLeg(await this.#servers.opaque(), AGENT, HUMAN);
    return this.#opaqueLeg.introspect(act);
  }

  async #matrix(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const { idp, api } = this.#servers;
    const rows =
      this.#mode === 'recipe'
        ? await matrix(idp, api, () => {})
        : await nativeDelegationMatrix(idp, PARTIES, () => {});
    return {
      notes: ['ALLOW only when the agent AND the human are authorized.'],
      matrix: rows.map(({ agentId, username, expected, actual, status, failedSide }) => ({
        agentId,
        username,
        expected,
        actual,
        status,
        failedSide,
      })),
    };
  }

  #reset(): void {
    this.#session = undefined;
    this.#act = undefined;
    this.#actJwt = undefined;
    this.#verifiedAct = undefined;
    this.#token = undefined;
    this.#agent = undefined;
    this.#opaqueLeg = undefined;
    this.#requests.length = 0;
  }
}
