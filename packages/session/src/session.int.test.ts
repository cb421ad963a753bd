import type { IncomingMessage } from 'node:http';
import { auth0Plugin } from '@dual-auth/adapter-auth0';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oktaPlugin } from '@dual-auth/adapter-okta';
import {
  ActVerificationError,
  createAdapter,
  type DualSubjectToken,
  type IamAdapter,
} from '@dual-auth/core';
import {
  type LocalIdp,
  type LocalIdpHuman,
  startHttpsServer,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';
import { createRemoteJWKSet, customFetch, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridSender } from './hybrid-sender.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
import { UserSession } from './user-session.js';

const PLUGINS = [keycloakPlugin, auth0Plugin, oktaPlugin, entraIdPlugin];
const VENDORS = PLUGINS.map((plugin) => plugin.vendor);
const SCOPE = ['finance.read'];

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** The human the token carries: `act` of the access token, or of the act assertion (Entra ID). */
async function humanOf(idp: LocalIdp, token: DualSubjectToken): Promise<Record<string, unknown>> {
  if (idp.vendor === 'entraid') {
    const appKey = await importSPKI(idp.app.publicKeyPem, 'RS256');
    const { payload } = await jwtVerify(token.actAssertion ?? '', appKey);
    return payload.act as Record<string, unknown>;
  }
  const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
  const { payload } = await jwtVerify(token.accessToken, jwks, { issuer: idp.issuer });
  return payload.act as Record<string, unknown>;
}

describe.each(VENDORS)('end to end with the local %s IdP over TLS', (vendor) => {
  let idp: LocalIdp;
  let adapter: IamAdapter;
  let alice: LocalIdpHuman;
  let agent: TestHttpsServer;
  let sender: HybridSender;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor });
    adapter = await createAdapter(undefined, {
      env: idp.env(),
      plugins: PLUGINS,
      fetch: idp.fetch,
    });
    const found = [...idp.humans.values()].find((h) => h.username === 'alice');
    if (found === undefined) throw new Error('local IdP has no alice');
    alice = found;
    sender = new HybridSender({ privateKey: idp.app.privateKeyPem, includeEmail: true });

    // The remote agent: receives {"act_jwt"} over HTTPS (the reference's convention), verifies it,
    // gets a dual-subject token from the IdP, and answers whom the token is for.
    const outOfSession = new OutOfSessionTokenRequest({ adapter, publicKey: idp.app.publicKeyPem });
    agent = await startHttpsServer(
      async (req, res) => {
        const { act_jwt: actJwt } = JSON.parse(await readBody(req)) as { act_jwt: string };
        try {
          const token = await outOfSession.requestTokenFromJwt({
            actJwt,
            agentId: 'finance-agent',
            scope: SCOPE,
            expectedAudience: `${agent.url}/invoke`,
          });
          const act = await humanOf(idp, token);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ act }));
        } catch (error) {
          const reason = ActVerificationError.isInstance(error) ? error.reason : 'error';
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end(JSON.stringify({ reason }));
        }
      },
      { ca: idp.ca },
    );
  });
  afterAll(async () => {
    await agent?.close();
    await idp?.close();
  });

  it('in-session: the token issued for the agent carries the human in act.sub', async () => {
    const session = new UserSession({
      userId: alice.sub,
      userEmail: alice.email,
      userOid: alice.oid,
    });
    const act = sender.extractActFromSession(session);
    const inSession = new InSessionTokenRequest({ adapter });
    const token = await inSession.requestToken({ agentId: 'finance-agent', act, scope: SCOPE });
    const human = await humanOf(idp, token);
    expect(human.sub).toBe(alice.sub);
    if (alice.oid !== undefined) expect(human.oid).toBe(alice.oid);
    const again = await inSession.requestToken({ agentId: 'finance-agent', act, scope: SCOPE });
    expect(again.accessToken).toBe(token.accessToken);
  });

  it('out-of-session: a signed act JWT posted to the agent over HTTPS becomes a token for the human', async () => {
    const act = sender.extractActFromSession(
      new UserSession({ userId: alice.sub, userOid: alice.oid }),
    );
    const actJwt = await sender.prepareOutOfSessionAct({
      act,
      agentEndpoint: `${agent.url}/invoke`,
    });
    const post = () =>
      agent.fetch(`${agent.url}/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ act_jwt: actJwt }),
      });
    const response = await post();
    expect(response.status).toBe(200);
    const { act: carried } = (await response.json()) as { act: { sub: string } };
    expect(carried.sub).toBe(alice.sub);
    const replay = await post();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ reason: 'replayed' });
  });

  it('out-of-session: a provider asked for a longer delegation than the act JWT ends with the act JWT', async () => {
    let offsetMs = 0;
    const clock = { now: () => Date.now() + offsetMs };
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: idp.app.publicKeyPem,
      clock,
      cache: false,
    });
    const act = sender.extractActFromSession(
      new UserSession({ userId: alice.sub, userOid: alice.oid }),
    );
    const agentEndpoint = 'https://agent.example/invoke';
    const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint, ttlSeconds: 60 });
    const provider = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: SCOPE,
      expectedAudience: agentEndpoint,
      delegationSeconds: 3600, // the longest allowed, far past the 60 s act JWT
    });
    expect((await humanOf(idp, await provider.getToken({}))).sub).toBe(alice.sub);
    offsetMs = 7 * 86_400_000; // a week later: the 60 s act JWT has long expired
    const ended = await provider.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(ended)).toBe(true);
    expect(ended).toMatchObject({ reason: 'expired', claim: 'exp' });
  });
});
