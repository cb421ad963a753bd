import type { Act, DelegationCutoffStore, DualSubjectToken, IamAdapter } from '@dual-auth/core';
import {
  HybridSender,
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  SingleFlightTokenCache,
  type UserSession,
} from '@dual-auth/session';
import type { LocalIdp } from '@dual-auth/testing';
import type { DemoApi } from '../demo-api.js';
import { delegatingAdapter, loggedIn, nativeDelegationMatrix } from '../native-delegation.js';
import { matrix, sessionOf } from '../run-demo.js';
import { vendorAdapter } from '../vendor-adapter.js';
import { callDemoApi } from './api-decision.js';
import { JOURNEY_STEPS, type JourneyMode, type StepResult } from './journey-steps.js';
import { logOut } from './logout-step.js';
import type { OpaqueServers } from './opaque-servers.js';
import { type DelegationStepResult, OpaqueTokenLeg } from './opaque-token-leg.js';
import { OTHER_HUMAN } from './other-human.js';
import { recordingFetch, type ShownRequest } from './recording-fetch.js';
import { type Identities, identitiesIn, shownToken } from './shown-token.js';

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
  /** The cut-offs the RFC 8693 API reads (the exchange mode's logout writes them). */
  readonly exchangeCutoffStore: DelegationCutoffStore;
  /** The opaque-token IdP and its introspecting API, started on first use. */
  readonly opaque: () => Promise<OpaqueServers>;
}

function need<T>(value: T | undefined, step: string): T {
  if (value === undefined) throw new StepOrderError(`click "${step}" first`);
  return value;
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
  /** The exchanging agent (exchange mode): its adapter and the cache its tokens go through. */
  #exchanger: { adapter: IamAdapter; tokens: InSessionTokenRequest } | undefined;
  readonly #exchangeCache = new SingleFlightTokenCache();
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
        return this.#mode === 'recipe'
          ? need(this.#opaqueLeg, 'introspect').endDelegation()
          : this.#endExchangeDelegation();
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
    const tokens = new InSessionTokenRequest({ adapter, cache: this.#exchangeCache });
    this.#exchanger = { adapter, tokens };
    this.#token = await tokens.requestToken({
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
    const recipe = this.#mode === 'recipe';
    const { reason: _reason, ...decision } = await callDemoApi(
      recipe ? api : exchangeApi,
      idp.fetch,
      token,
      recipe ? 'out-of-session' : 'in-session',
    );
    return {
      notes: [
        `GET ${(recipe ? api : exchangeApi).url}: @dual-auth/resource verified the token against the IdP's JWKS.`,
        `It allows when the agent has ${(recipe ? api : exchangeApi).agentRule} AND the human has FinanceUser.`,
      ],
      decision,
    };
  }

  /**
   * The human logs out in the exchange mode: the exchanged tokens are JWTs (the local IdP revokes
   * opaque ones only), so the cut-off is what refuses them at the RFC 8693 API.
   */
  async #endExchangeDelegation(): Promise<Omit<StepResult, 'step' | 'title'>> {
    const token = need(this.#token, 'token');
    const act = need(this.#act, 'extract-act');
    const exchanger = need(this.#exchanger, 'token');
    const { idp, exchangeApi, exchangeCutoffStore } = this.#servers;
    const delegation = need(idp.profile.nativeDelegation, 'sign-in');
    const carol = await loggedIn(idp, delegation, OTHER_HUMAN, AGENT);
    const loggedOut = await logOut({
      act,
      token,
      otherLabel: `${OTHER_HUMAN} (${carol.userId})`,
      otherToken: await exchanger.tokens.requestToken({
        agentId: AGENT,
        act: new HybridSender().extractActFromSession(carol),
        scope: ['finance.read'],
        subjectToken: carol.subjectToken,
      }),
      cache: this.#exchangeCache,
      adapter: exchanger.adapter,
      cutoffStore: exchangeCutoffStore,
      api: exchangeApi,
      fetch: idp.fetch,
      agent: 'in-session',
    });
    return loggedOut;
  }

  async #introspect(): Promise<DelegationStepResult> {
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
    this.#exchanger = undefined;
    this.#requests.length = 0;
  }
}
