import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import {
  type Act,
  ActVerificationError,
  ApiCallError,
  type DualAuthConfig,
  getConfig,
  type IamAdapter,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import {
  endDelegation,
  HybridSender,
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  UserSession,
} from '@dual-auth/session';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { createRemoteJWKSet, customFetch, importSPKI, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, startDemoApi } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';
import { OutOfSessionApiCall } from './out-of-session-api-call.js';

const SCOPE = ['finance.read'];
const PLUGINS = [keycloakPlugin, entraIdPlugin];
const FACTORIES = {
  keycloak: keycloakPlugin.createAdapter,
  entraid: entraIdPlugin.createAdapter,
} as unknown as Record<
  'keycloak' | 'entraid',
  (config: DualAuthConfig, options: { fetch: typeof fetch }) => IamAdapter
>;

/** The human a real token carries: `act` of the access token, or of the Entra act assertion. */
async function humanOf(idp: LocalIdp, accessToken: string, actAssertion?: string) {
  if (idp.vendor === 'entraid') {
    const appKey = await importSPKI(idp.app.publicKeyPem, 'RS256');
    return (await jwtVerify(actAssertion ?? '', appKey)).payload.act as Act;
  }
  const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
  return (await jwtVerify(accessToken, jwks, { issuer: idp.issuer })).payload.act as Act;
}

describe.each(['keycloak', 'entraid'] as const)(
  "session's token provider with the local %s IdP",
  (vendor) => {
    let idp: LocalIdp;
    let adapter: IamAdapter;
    let act: Act;
    const apis: DemoApi[] = [];

    beforeAll(async () => {
      idp = await startLocalIdp({ vendor });
      adapter = FACTORIES[vendor](await getConfig({ env: idp.env(), plugins: PLUGINS }), {
        fetch: idp.fetch,
      });
      const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
      if (alice === undefined) throw new Error('local IdP has no alice');
      act = new HybridSender({ privateKey: idp.app.privateKeyPem }).extractActFromSession(
        new UserSession({ userId: alice.sub, userOid: alice.oid }),
      );
    });
    afterEach(async () => {
      await Promise.all(apis.splice(0).map((api) => api.close()));
    });
    afterAll(() => idp?.close());

    /** An API that refuses the access tokens in `revoked` with 401 invalid_token. */
    async function apiRevoking(revoked: Set<string>): Promise<DemoApi> {
      const api = await startDemoApi(
        (request) =>
          revoked.has(request.headers.authorization?.replace(/^Bearer /, '') ?? '')
            ? {
                status: 401,
                headers: {
                  'www-authenticate': 'Bearer realm="finance", error="invalid_token"',
                },
              }
            : { status: 200 },
        { ca: idp.ca },
      );
      apis.push(api);
      return api;
    }

    it('a 401 invalid_token makes exactly one renewal through the provider, then succeeds', async () => {
      const inSession = new InSessionTokenRequest({ adapter });
      const tokenProvider = inSession.tokenProvider({
        agentId: 'finance-agent',
        act,
        scope: SCOPE,
      });
      const refused = await tokenProvider.getToken({});
      const api = await apiRevoking(new Set([refused.accessToken]));
      const idpCallsBefore = idp.requests.length;

      const response = await new InSessionApiCall({ fetch: api.fetch }).callApi({
        apiUrl: `${api.url}/balance`,
        tokenProvider,
      });

      expect(response.status).toBe(200);
      expect(idp.requests.length - idpCallsBefore).toBe(1);
      const renewed = await tokenProvider.getToken({});
      expect(renewed.accessToken).not.toBe(refused.accessToken);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([
        `Bearer ${refused.accessToken}`,
        `Bearer ${renewed.accessToken}`,
      ]);
      expect(api.requests.map((r) => r.headers['x-act-assertion'])).toEqual(
        vendor === 'entraid'
          ? [refused.actAssertion, renewed.actAssertion]
          : [undefined, undefined],
      );
      expect((await humanOf(idp, renewed.accessToken, renewed.actAssertion)).sub).toBe(act.sub);
      // The renewed token replaced the refused one in the session's cache.
      expect(idp.requests.length - idpCallsBefore).toBe(1);
    });

    it('a second invalid_token is final: one renewal, then ApiCallError 401', async () => {
      const inSession = new InSessionTokenRequest({ adapter });
      const tokenProvider = inSession.tokenProvider({
        agentId: 'finance-agent',
        act,
        scope: SCOPE,
      });
      const revoked = new Set<string>();
      const api = await apiRevoking(revoked);
      const first = await tokenProvider.getToken({});
      revoked.add(first.accessToken);
      const original = tokenProvider.getToken.bind(tokenProvider);
      const idpCallsBefore = idp.requests.length;
      const error = await new InSessionApiCall({ fetch: api.fetch })
        .callApi({
          apiUrl: `${api.url}/balance`,
          tokenProvider: {
            identity: tokenProvider.identity,
            getToken: async (options) => {
              const token = await original(options);
              revoked.add(token.accessToken);
              return token;
            },
          },
        })
        .catch((e: unknown) => e);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 401, attempts: 2 });
      expect(idp.requests.length - idpCallsBefore).toBe(1);
    });
  },
);

describe('out-of-session: a provider from a verified act JWT, with the local keycloak IdP', () => {
  let idp: LocalIdp;
  let api: DemoApi;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it('renews on 401 invalid_token without presenting the single-use act JWT again', async () => {
    const adapter = FACTORIES.keycloak(await getConfig({ env: idp.env(), plugins: PLUGINS }), {
      fetch: idp.fetch,
    });
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: alice?.sub ?? '' },
      agentEndpoint: 'https://agent.example.com/invoke',
    });
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: idp.app.publicKeyPem,
      expectedAudience: 'https://agent.example.com/invoke',
    });
    const tokenProvider = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: SCOPE,
    });
    const refused = await tokenProvider.getToken({});
    api = await startDemoApi(
      (request) =>
        request.headers.authorization === `Bearer ${refused.accessToken}`
          ? { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }
          : { status: 200 },
      { ca: idp.ca },
    );
    const idpCallsBefore = idp.requests.length;
    const response = await new OutOfSessionApiCall({ fetch: api.fetch }).callApi({
      method: 'POST',
      apiUrl: `${api.url}/transfers`,
      tokenProvider,
      json: { amount: 10 },
    });
    expect(response.status).toBe(200);
    expect(idp.requests.length - idpCallsBefore).toBe(1);
    expect(api.requests).toHaveLength(2);
    const renewed = await tokenProvider.getToken({});
    expect((await humanOf(idp, renewed.accessToken)).sub).toBe(alice?.sub);
  });

  it("ending the human's delegations while a call is out: the 401 renewal is refused (revoked), no new token, no second request", async () => {
    const adapter = FACTORIES.keycloak(await getConfig({ env: idp.env(), plugins: PLUGINS }), {
      fetch: idp.fetch,
    });
    const human = [...idp.humans.values()][0]?.sub ?? '';
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: human },
      agentEndpoint: 'https://agent.example.com/invoke',
    });
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: idp.app.publicKeyPem,
      expectedAudience: 'https://agent.example.com/invoke',
      cutoffStore,
    });
    const tokenProvider = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: SCOPE,
    });
    // The API plays a guard with the same cut-off store: every token of this human is refused.
    api = await startDemoApi(
      () => ({ status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }),
      { ca: idp.ca },
    );
    const idpCallsBefore = idp.requests.length;
    // The human logs out just as the call leaves with the token got before the cut-off.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      await endDelegation({ human, cutoffStore });
      return api.fetch(input, init);
    };
    const error = await new OutOfSessionApiCall({ fetch })
      .callApi({ apiUrl: `${api.url}/balance`, tokenProvider })
      .catch((e: unknown) => e);

    expect(ActVerificationError.isInstance(error) ? error.reason : error).toBe('revoked');
    expect(api.requests).toHaveLength(1);
    expect(idp.requests.length - idpCallsBefore).toBe(1);
  });
});
