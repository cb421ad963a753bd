import {
  type Act,
  createDualSubjectToken,
  type DualSubjectToken,
  type IamAdapter,
  type TokenProvider,
} from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, recordingLogger, startDemoApi } from '../test/demo-api.js';
import { localKeycloakAdapter } from '../test/local-keycloak-adapter.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Fault (session 32): the identity a call is logged, hooked and audited under, and the token it
// sends, came from two places. With alice's token and bob's identity the API served alice while
// the agent's log lines said bob. A token the adapter kit made records who it was asked for
// (`humanId`, `agentId`); a call whose identity names another is refused before anything is sent.

const SCOPE = ['finance.read'];
const AGENT = 'finance-agent';

describe('an identity beside a token asked for another, with the local keycloak IdP', () => {
  let idp: LocalIdp;
  let adapter: IamAdapter;
  let api: DemoApi;
  const acts = new Map<'alice' | 'bob', Act>();

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
    adapter = await localKeycloakAdapter(idp);
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    for (const human of idp.humans.values()) {
      if (human.username !== 'alice' && human.username !== 'bob') continue;
      const session = new UserSession({ userId: human.sub, userOid: human.oid });
      acts.set(human.username, sender.extractActFromSession(session));
    }
    api = await startDemoApi(() => ({ status: 200 }), { ca: idp.ca });
  }, 30_000);
  afterEach(() => {
    api.requests.length = 0;
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  function act(who: 'alice' | 'bob'): Act {
    const found = acts.get(who);
    if (found === undefined) throw new Error(`local IdP has no ${who}`);
    return found;
  }

  function aliceToken(): Promise<DualSubjectToken> {
    return adapter.requestToken({ agentId: AGENT, act: act('alice'), scope: SCOPE });
  }

  it("records who the adapter asked the token for: the human's act.sub and the agent's client id", async () => {
    const token = await aliceToken();
    expect(token.humanId).toBe(act('alice').sub);
    expect(token.agentId).toBe(AGENT);
  }, 30_000);

  it.each([
    [{ agentId: AGENT, humanId: 'bob' }, 'humanId'],
    [{ agentId: 'hr-agent', humanId: 'alice' }, 'agentId'],
  ] as const)(
    "refuses alice's token beside identity %o before sending (%s)",
    async (named, field) => {
      const token = await aliceToken();
      const identity = {
        agentId: named.agentId,
        humanId: act(named.humanId).sub,
      };
      const logger = recordingLogger();
      const refusal = new InSessionApiCall({ fetch: api.fetch, logger }).callApi({
        apiUrl: `${api.url}/balance`,
        tokenResponse: token,
        identity,
      });
      await expect(refusal).rejects.toThrow(TypeError);
      await expect(refusal).rejects.toThrow(
        `identity.${field} is not the one tokenResponse was asked for (the API would act for one, the call's logs and audit for another): pass the token asked for identity.${field}, or the identity it was asked for`,
      );
      expect(api.requests).toHaveLength(0);
      const message = await refusal.catch((error: Error) => error.message);
      expect(message).not.toContain(act('alice').sub);
      expect(message).not.toContain(act('bob').sub);
    },
    30_000,
  );

  it("sends alice's token beside alice's identity, and beside an identity that names no one", async () => {
    const token = await aliceToken();
    const call = new InSessionApiCall({ fetch: api.fetch });
    for (const identity of [
      { agentId: AGENT, humanId: act('alice').sub },
      { agentId: AGENT },
      {},
    ]) {
      const response = await call.callApi({
        apiUrl: `${api.url}/balance`,
        tokenResponse: token,
        identity,
      });
      expect(response.status).toBe(200);
    }
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(
      Array(3).fill(`Bearer ${token.accessToken}`),
    );
  }, 30_000);

  it("sends a token that records no one (a user's own provider) beside bob's identity", async () => {
    const asked = await aliceToken();
    const own = createDualSubjectToken({
      accessToken: asked.accessToken,
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 'finance.read',
      issuedAt: Date.now(),
    });
    const provider: TokenProvider = {
      identity: { agentId: AGENT, humanId: act('bob').sub },
      getToken: async () => own,
    };
    const response = await new InSessionApiCall({ fetch: api.fetch }).callApi({
      apiUrl: `${api.url}/balance`,
      tokenProvider: provider,
    });
    expect(response.status).toBe(200);
    expect(api.requests).toHaveLength(1);
  }, 30_000);

  it("refuses a session provider whose identity is bob's and whose tokens are alice's, before sending", async () => {
    const inSession = new InSessionTokenRequest({ adapter });
    const alice = inSession.tokenProvider({ agentId: AGENT, act: act('alice'), scope: SCOPE });
    const bob = inSession.tokenProvider({ agentId: AGENT, act: act('bob'), scope: SCOPE });
    const mixed: TokenProvider = {
      identity: bob.identity,
      getToken: (options) => alice.getToken(options),
    };
    const call = new InSessionApiCall({ fetch: api.fetch });
    const refusal = call.callApi({ apiUrl: `${api.url}/balance`, tokenProvider: mixed });
    await expect(refusal).rejects.toThrow(
      "identity.humanId is not the one tokenProvider.getToken() gave a token for (the API would act for one, the call's logs and audit for another): pass the token asked for identity.humanId, or the identity it was asked for",
    );
    expect(api.requests).toHaveLength(0);

    // The session's own provider: its identity and its (cached, recounted) tokens agree.
    const response = await call.callApi({ apiUrl: `${api.url}/balance`, tokenProvider: alice });
    expect(response.status).toBe(200);
    const sent = await alice.getToken({});
    expect(sent.humanId).toBe(act('alice').sub);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${sent.accessToken}`,
    ]);
  }, 30_000);
});
