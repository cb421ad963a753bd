import type { Act, DualSubjectToken, IamAdapter } from '@dual-auth/core';
import { createTokenIntrospection, DualSubjectVerificationError } from '@dual-auth/resource';
import { HybridSender, OutOfSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import { sessionOf } from '../run-demo.js';
import { vendorAdapter } from '../vendor-adapter.js';
import { callDemoApi } from './api-decision.js';
import { logOut, type ShownCall, type ShownRevocation } from './logout-step.js';
import type { OpaqueServers } from './opaque-servers.js';
import { OTHER_HUMAN } from './other-human.js';
import { ELIDED } from './recording-fetch.js';
import {
  answerRecordingFetch,
  type ShownIntrospection,
  shownIntrospection,
} from './shown-introspection.js';
import { type Identities, identitiesIn } from './shown-token.js';

/** Where the opaque-token leg's agent receives act JWTs: their audience. */
const OPAQUE_AGENT_ENDPOINT = 'https://opaque-agent.demo.local/invoke';

/** What the introspect and end-delegation steps show, beside the notes every step has. */
export interface DelegationStepResult {
  readonly notes: readonly string[];
  readonly values?: Record<string, unknown>;
  readonly introspections?: readonly ShownIntrospection[];
  readonly decision?: { status: number; decision: 'ALLOW' | 'DENY'; body: unknown };
  readonly revocations?: readonly ShownRevocation[];
  readonly calls?: readonly ShownCall[];
}

/**
 * The agent of a journey at the vendor's opaque-token IdP: it gets alice's token there (and
 * carol's), calls the introspecting API, then alice logs out (`endDelegation`) and the same calls
 * are made again. Tokens stay on the server; the page gets introspection answers with the `jti`
 * (the opaque token itself) elided, revocation outcomes and decisions.
 */
export class OpaqueTokenLeg {
  readonly #servers: OpaqueServers;
  readonly #agentId: string;
  readonly #ids: Identities;
  readonly #cache = new SingleFlightTokenCache();
  #adapter: IamAdapter | undefined;
  #agent: OutOfSessionTokenRequest | undefined;
  #act: Act | undefined;
  #token: DualSubjectToken | undefined;

  /** `agentId` acting for the human `username`, both as the opaque-token IdP names them. */
  constructor(servers: OpaqueServers, agentId: string, username: string) {
    this.#servers = servers;
    this.#agentId = agentId;
    this.#ids = identitiesIn(servers.idp, agentId, username);
  }

  // The web app signs the human into an act JWT for this agent, which verifies it (claiming its
  // `jti`) and asks the IdP: the agent takes no act it did not verify itself.
  async #requestToken(act: Act): Promise<DualSubjectToken> {
    const { idp } = this.#servers;
    this.#adapter ??= await vendorAdapter(idp, this.#agentId);
    this.#agent ??= new OutOfSessionTokenRequest({
      adapter: this.#adapter,
      publicKey: idp.app.publicKeyPem,
      expectedAudience: OPAQUE_AGENT_ENDPOINT,
      cache: this.#cache,
    });
    const actJwt = await new HybridSender({
      privateKey: idp.app.privateKeyPem,
    }).prepareOutOfSessionAct({ act, agentEndpoint: OPAQUE_AGENT_ENDPOINT });
    return this.#agent.requestTokenFromJwt({
      actJwt,
      agentId: this.#agentId,
      scope: ['finance.read'],
    });
  }

  /** The IdP's own answer now, asked afresh (nothing cached) as the API's client. */
  async #askIdp(token: DualSubjectToken, label: string): Promise<ShownIntrospection> {
    const { idp } = this.#servers;
    const answers: Record<string, unknown>[] = [];
    const introspection = createTokenIntrospection({
      endpoint: idp.introspectionUrl,
      clientId: idp.apiClient.clientId,
      clientSecret: idp.apiClient.clientSecret,
      fetch: answerRecordingFetch(idp.fetch, answers),
    });
    await introspection.introspect(token.accessToken).catch((error: unknown) => {
      // `active: false` is an answer to show; anything else is the step's error.
      if (!(error instanceof DualSubjectVerificationError && error.reason === 'inactive')) {
        throw error;
      }
    });
    return shownIntrospection(label, answers.at(-1) ?? {}, this.#ids);
  }

  /** The agent's token for `act` at the opaque-token IdP, checked by the API through introspection. */
  async introspect(act: Act): Promise<DelegationStepResult> {
    this.#act = act;
    this.#token = await this.#requestToken(act);
    const { idp, api, introspections } = this.#servers;
    introspections.length = 0;
    const { reason: _reason, ...decision } = await callDemoApi(
      api,
      idp.fetch,
      this.#token,
      'out-of-session',
    );
    const answer = introspections.at(-1) ?? {};
    return {
      notes: [
        'The same agent, at the vendor’s IdP set to issue opaque (reference) access tokens for this API: there is nothing to decode.',
        `GET ${api.url}: @dual-auth/resource asked the IdP’s introspection endpoint (RFC 7662) as the API’s own client, and read the agent and the human from the answer as from a JWT.`,
      ],
      values: {
        'access token': `${ELIDED} (opaque, ${this.#token.accessToken.length} characters)`,
      },
      introspections: [shownIntrospection('introspection answer', answer, this.#ids)],
      decision,
    };
  }

  /** Alice logs out: `endDelegation`, then her token and carol's are sent to the API again. */
  async endDelegation(): Promise<DelegationStepResult> {
    const act = this.#act;
    const token = this.#token;
    const adapter = this.#adapter;
    if (act === undefined || token === undefined || adapter === undefined) {
      throw new Error('click the introspect step first');
    }
    const { idp, api, cutoffStore } = this.#servers;
    const carol = new HybridSender({ privateKey: idp.app.privateKeyPem }).extractActFromSession(
      sessionOf(idp, OTHER_HUMAN),
    );
    const loggedOut = await logOut({
      act,
      token,
      otherLabel: `${OTHER_HUMAN} (${carol.sub})`,
      otherToken: await this.#requestToken(carol),
      cache: this.#cache,
      adapter,
      cutoffStore,
      api,
      fetch: idp.fetch,
      agent: 'out-of-session',
    });
    const idpAnswer = await this.#askIdp(token, `the IdP’s answer now for ${act.sub}’s token`);
    return {
      ...loggedOut,
      notes: [
        ...loggedOut.notes,
        idpAnswer.claims.active === false
          ? 'The IdP’s introspection now says active: false: every API that asks the IdP refuses the token.'
          : 'The IdP’s introspection still says active: true: this IdP does not revoke access tokens, so until it expires the cut-off is what refuses it, at every API that reads the same cut-off store.',
      ],
      introspections: [idpAnswer],
    };
  }
}
