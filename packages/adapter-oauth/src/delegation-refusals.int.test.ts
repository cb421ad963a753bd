import {
  assertVendor,
  createSubjectToken,
  getConfig,
  type SubjectToken,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import { createRecordingLogger, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthPlugin } from './index.js';

// journey7: a refused subject token must be told apart from a bad client assertion, and in
// id-jag the message must say which of the two requests (and servers) refused it. The local IdP
// refuses with invalid_grant and a free-text description that the message must never repeat.
let idp: LocalIdp;
let alice: string;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
  alice = [...idp.humans.values()][0]?.sub as string;
}, 60_000);
afterAll(() => idp?.close());

async function failure(
  env: Record<string, string>,
  subjectToken: SubjectToken,
  fetch: typeof globalThis.fetch = idp.fetch,
): Promise<TokenRequestError> {
  const config = await getConfig({ env: { ...idp.env(), ...env }, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  const logger = createRecordingLogger();
  const adapter = oauthPlugin.createAdapter(config, { fetch, logger, retry: { limit: 0 } });
  const error = await adapter
    .requestToken({
      agentId: config.clientId,
      act: { sub: alice },
      scope: ['finance.read'],
      subjectToken,
    })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(TokenRequestError.isInstance(error)).toBe(true);
  return error as TokenRequestError;
}

async function refusal(
  env: Record<string, string>,
  subjectToken: SubjectToken,
  fetch?: typeof globalThis.fetch,
): Promise<TokenRequestError> {
  const refused = await failure(env, subjectToken, fetch);
  expect(refused.status).toBe(400);
  expect(refused.error).toBe('invalid_grant');
  // The IdP's own words (error_description) stay out of the message: free text.
  expect(refused.errorDescription).toBeDefined();
  expect(refused.message).not.toContain(refused.errorDescription as string);
  expect(refused.message).not.toContain('Bad request to the OAuth IdP');
  expect(refused.message).not.toContain(alice);
  return refused;
}

/** The human's ID token from a login to the agent's own client, as Cross App Access has it. */
const agentIdToken = () =>
  idp.issueSubjectToken({ human: alice, kind: 'id', clientId: 'finance-agent' });

const ID_JAG = (): Record<string, string> => ({
  OAUTH_MODE: 'id-jag',
  OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
  OAUTH_RESOURCE_ISSUER: idp.issuer,
});

describe('OAuthAdapter delegation modes: invalid_grant says the subject token was refused, and where', () => {
  it('token-exchange: an expired subject token', async () => {
    // Session 39: within 300 s of its exp, the agent sends it (past that, it refuses it itself).
    const expired = await idp.issueSubjectToken({ human: alice, expiresInSeconds: -120 });
    const error = await refusal({ OAUTH_MODE: 'token-exchange' }, createSubjectToken(expired));
    expect(error.message).toContain(`token exchange at OAUTH_TOKEN_URL (${idp.tokenUrl})`);
    expect(error.message).toContain(
      "refused the subject token (the human's token) (invalid_grant)",
    );
    expect(error.message).toMatch(/expired, issued to another client \(its aud\)/);
  });

  it('token-exchange with an actor token: the refusal may be of either token', async () => {
    // Session 39: within 300 s of its exp, the agent sends it (past that, it refuses it itself).
    const expired = await idp.issueSubjectToken({ human: alice, expiresInSeconds: -120 });
    const error = await refusal(
      { OAUTH_MODE: 'token-exchange', OAUTH_ACTOR_TOKEN: 'client-credentials' },
      createSubjectToken(expired),
    );
    expect(error.message).toContain(
      "refused the subject token (the human's token) or the actor token (invalid_grant)",
    );
  });

  // The IdP refuses it too (invalid_grant, "names another actor (may_act)"), but the agent does
  // not rely on that: a server that ignores may_act would issue a delegation the human never gave.
  it('token-exchange: a subject token whose may_act names another agent, refused before sending', async () => {
    const other = await idp.issueSubjectToken({ human: alice, mayAct: { sub: 'intern-agent' } });
    const config = await getConfig({
      env: { ...idp.env(), OAUTH_MODE: 'token-exchange' },
      plugins: [oauthPlugin],
    });
    assertVendor(config, 'oauth');
    let sent = 0;
    const fetch: typeof globalThis.fetch = (input, init) => {
      sent += 1;
      return idp.fetch(input, init);
    };
    const adapter = oauthPlugin.createAdapter(config, { fetch, retry: { limit: 0 } });
    const request = adapter.requestToken({
      agentId: config.clientId,
      act: { sub: alice },
      scope: ['finance.read'],
      subjectToken: createSubjectToken(other),
    });
    await expect(request).rejects.toThrow(TypeError);
    await expect(request).rejects.toThrow(/may_act .*AGENT_CLIENT_ID/);
    expect(sent).toBe(0);
  });

  it('on-behalf-of: a subject token issued to another client', async () => {
    const other = await idp.issueSubjectToken({ human: alice, audience: 'web-app' });
    const error = await refusal({ OAUTH_MODE: 'on-behalf-of' }, createSubjectToken(other));
    expect(error.message).toContain(`on-behalf-of at OAUTH_TOKEN_URL (${idp.tokenUrl})`);
    expect(error.message).toContain('(invalid_grant)');
    expect(error.message).toContain('issued to another client (its aud)');
    // Entra answers a missing consent with invalid_grant too.
    expect(error.message).toContain('or the human has not consented to this agent');
  });

  it("id-jag step 1: an ID token of the human's login to another client (the README's first try)", async () => {
    // issueSubjectToken's default ID token is the web app's (aud web-app), not the agent's.
    const idToken = await idp.issueSubjectToken({ human: alice, kind: 'id' });
    const error = await refusal(ID_JAG(), createSubjectToken(idToken, TOKEN_TYPE.idToken));
    expect(error.message).toContain(
      `id-jag step 1 (ID token for an ID-JAG) at OAUTH_IDP_TOKEN_URL (${idp.tokenUrl})`,
    );
    expect(error.message).toContain("refused the subject token (the human's ID token)");
    expect(error.message).toContain('issued to another client (its aud)');
    expect(error.message).toContain('AGENT_CLIENT_ID');
    expect(error.message).not.toContain('step 2');
  });

  it('id-jag step 2: an ID-JAG the resource authorization server refuses', async () => {
    const idToken = await agentIdToken();
    let steps = 0;
    // The ID-JAG of step 1 comes back with its signature broken: the resource AS refuses it.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await idp.fetch(input, init);
      steps += 1;
      if (steps !== 1 || !response.ok) return response;
      const answer = (await response.json()) as { access_token: string };
      const [header, payload, signature = ''] = answer.access_token.split('.');
      const broken = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      return Response.json({ ...answer, access_token: `${header}.${payload}.${broken}` });
    };
    const error = await refusal(ID_JAG(), createSubjectToken(idToken, TOKEN_TYPE.idToken), fetch);
    expect(steps).toBe(2);
    expect(error.message).toContain(
      `id-jag step 2 (ID-JAG for an access token) at OAUTH_TOKEN_URL (${idp.tokenUrl})`,
    );
    expect(error.message).toContain('refused the ID-JAG of step 1 (invalid_grant)');
    expect(error.message).not.toContain('step 1 (ID token');
  });

  it("id-jag step 1: an IdP echoing the human's name and login is blanked in the error and the logs", async () => {
    const human = [...idp.humans.values()][0];
    const name = human?.name as string;
    const username = human?.username as string;
    idp.failNext({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: `no consent of ${name} (${username}) for ${alice}`,
      },
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    });
    const config = await getConfig({ env: { ...idp.env(), ...ID_JAG() }, plugins: [oauthPlugin] });
    assertVendor(config, 'oauth');
    const logger = createRecordingLogger();
    const adapter = oauthPlugin.createAdapter(config, { logger, fetch: idp.fetch, retry: false });
    const idToken = await agentIdToken();
    const error = await adapter
      .requestToken({
        agentId: config.clientId,
        act: { sub: alice, name, preferred_username: username },
        scope: ['finance.read'],
        subjectToken: createSubjectToken(idToken, TOKEN_TYPE.idToken),
      })
      .catch((caught: unknown) => caught);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect((error as TokenRequestError).message).toContain('id-jag step 1');
    expect((error as TokenRequestError).errorDescription).toBe(
      'no consent of ***REDACTED*** (***REDACTED***) for ***REDACTED***',
    );
    const seen = JSON.stringify([logger.records, String(error), JSON.stringify(error)]);
    expect(seen).not.toContain(name);
    expect(seen).not.toContain(username);
  });

  it('id-jag: a refused client authentication names the step too', async () => {
    const idToken = await agentIdToken();
    const error = await failure(
      { ...ID_JAG(), AGENT_CLIENT_SECRET: 'not-the-secret-of-finance-agent' },
      createSubjectToken(idToken, TOKEN_TYPE.idToken),
    );
    expect(error.error).toBe('invalid_client');
    expect(error.message).toContain(
      `id-jag step 1 (ID token for an ID-JAG) at OAUTH_IDP_TOKEN_URL (${idp.tokenUrl}): `,
    );
    expect(error.message).toContain('Authentication failed - check client credentials');
  });
});
