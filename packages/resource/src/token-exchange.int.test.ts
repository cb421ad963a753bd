import { inspect } from 'node:util';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import {
  assertVendor,
  createSubjectToken,
  getConfig,
  type LogFields,
  type Logger,
  type SubjectToken,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import { UserSession } from '@dual-auth/session';
import { generateRsaKeyPair, type LocalIdp, postToken } from '@dual-auth/testing';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { startedTokenExchangeIdp } from '../test/support/token-exchange-idp.js';
import {
  DualSubjectVerificationError,
  type DualSubjectVerifyOptions,
  verifyDualSubjectToken,
} from './index.js';

let idp: LocalIdp;
let alice: string;
let verifyOptions: DualSubjectVerifyOptions;

startedTokenExchangeIdp((started) => {
  ({ idp, alice, verifyOptions } = started);
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => {
    lines.push(`${level} ${event} ${inspect(fields, { depth: 10 })}`);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function exchanger(extra: Record<string, string> = {}, agentId = 'finance-agent') {
  const logger = recordingLogger();
  const config = await getConfig({
    env: { ...idp.env(agentId), OAUTH_MODE: 'token-exchange', ...extra },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  const adapter = oauthPlugin.createAdapter(config, {
    fetch: idp.fetch,
    logger,
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const exchange = (subjectToken: string, act = { sub: alice }) =>
    adapter.requestToken({
      agentId,
      act,
      scope: ['finance.read'],
      subjectToken: createSubjectToken(subjectToken),
    });
  return { adapter, exchange, logger };
}

async function idJagExchanger(extra: Record<string, string> = {}) {
  const { adapter } = await exchanger({
    OAUTH_MODE: 'id-jag',
    OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
    OAUTH_RESOURCE_ISSUER: idp.issuer,
    ...extra,
  });
  const ask = (subjectToken: SubjectToken | undefined) =>
    adapter.requestToken({
      agentId: 'finance-agent',
      act: { sub: alice },
      scope: ['finance.read'],
      subjectToken,
    });
  return { ask };
}

function refusal(error: unknown) {
  expect(TokenRequestError.isInstance(error)).toBe(true);
  return error as TokenRequestError;
}

describe('RFC 8693 token exchange against the local IdP (oidc-provider registerGrantType)', () => {
  it('issues the human in sub and the agent in act; resource reads one DualSubject', async () => {
    const { exchange } = await exchanger();
    const token = await exchange(await idp.issueSubjectToken({ human: alice }));
    expect(decodeJwt(token.accessToken)).toMatchObject({
      sub: alice,
      act: { sub: 'finance-agent' },
      client_id: 'finance-agent',
    });
    const sent = idp.requests.at(-1);
    expect(sent?.fields).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: TOKEN_TYPE.accessToken,
      requested_token_type: TOKEN_TYPE.accessToken,
      audience: idp.audience,
      scope: 'finance.read',
    });
    expect(sent?.assertion?.claims).not.toHaveProperty('act');
    const subject = await verifyDualSubjectToken(token.accessToken, verifyOptions);
    expect(subject).toMatchObject({
      layout: 'rfc8693',
      agent: { id: 'finance-agent' },
      human: { sub: alice },
    });
    expect(subject.chain.map((link) => link.id)).toEqual(['finance-agent']);
  });

  it('a chain of two agents verifies with the chain in order; deeper than the limit is refused', async () => {
    const first = await exchanger({ API_AUDIENCE: 'sub-agent' });
    const hop = await first.exchange(await idp.issueSubjectToken({ human: alice }));
    const second = await exchanger({}, 'sub-agent');
    const token = await second.exchange(hop.accessToken);
    expect(decodeJwt(token.accessToken)).toMatchObject({
      sub: alice,
      act: { sub: 'sub-agent', act: { sub: 'finance-agent' } },
    });
    const subject = await verifyDualSubjectToken(token.accessToken, verifyOptions);
    expect(subject.agent.id).toBe('sub-agent');
    expect(subject.chain.map((link) => link.id)).toEqual(['sub-agent', 'finance-agent']);
    const tooDeep = await verifyDualSubjectToken(token.accessToken, {
      ...verifyOptions,
      maxChainDepth: 1,
    }).catch((e: unknown) => e);
    expect(DualSubjectVerificationError.isInstance(tooDeep)).toBe(true);
    expect(tooDeep).toMatchObject({ reason: 'chain_too_deep' });
  });

  it('an oversize chain (default limit) is refused by resource, never read whole', async () => {
    let act: Record<string, unknown> = { sub: 'agent-0' };
    for (let i = 1; i < 40; i++) act = { sub: `agent-${i}`, act };
    const { exchange } = await exchanger();
    const token = await exchange(await idp.issueSubjectToken({ human: alice, act }));
    const error = await verifyDualSubjectToken(token.accessToken, verifyOptions).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: 'chain_too_deep', credential: 'access_token' });
  });

  it('may_act: a subject token that names another agent is refused; naming this one passes', async () => {
    const { exchange } = await exchanger();
    const asked = idp.requests.length;
    const refused = await exchange(
      await idp.issueSubjectToken({ human: alice, mayAct: { sub: 'other-agent' } }),
    ).catch((e: unknown) => e);
    // The agent refuses it before asking (the IdP would too, invalid_grant): see adapter-oauth.
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as Error).message).toMatch(/may_act/);
    expect(idp.requests.length).toBe(asked);
    const allowed = await exchange(
      await idp.issueSubjectToken({ human: alice, mayAct: { sub: 'finance-agent' } }),
    );
    expect(decodeJwt(allowed.accessToken)).toMatchObject({ act: { sub: 'finance-agent' } });
  });

  it('a legacy token where RFC 8693 is configured, and the reverse, are refused, not swapped', async () => {
    const legacyConfig = await getConfig({ env: idp.env(), plugins: [oauthPlugin] });
    assertVendor(legacyConfig, 'oauth');
    const legacy = await oauthPlugin
      .createAdapter(legacyConfig, { fetch: idp.fetch })
      .requestToken({ agentId: 'finance-agent', act: { sub: alice }, scope: ['finance.read'] });
    const asRfc8693 = await verifyDualSubjectToken(legacy.accessToken, verifyOptions).catch(
      (e: unknown) => e,
    );
    expect(asRfc8693).toMatchObject({ reason: 'layout_mismatch' });
    const legacyOptions = { ...verifyOptions, layout: 'legacy' as const };
    await expect(verifyDualSubjectToken(legacy.accessToken, legacyOptions)).resolves.toMatchObject({
      agent: { id: 'finance-agent' },
      human: { sub: alice },
    });
    const { exchange } = await exchanger();
    const exchanged = await exchange(await idp.issueSubjectToken({ human: alice }));
    const asLegacy = await verifyDualSubjectToken(exchanged.accessToken, legacyOptions).catch(
      (e: unknown) => e,
    );
    expect(asLegacy).toMatchObject({ reason: 'layout_mismatch' });
  });

  // Attack (session 37): the legacy layout compares the human with the agent without case, this
  // one exactly, so a human `Finance-Agent` acting through the agent `finance-agent` was admitted.
  it("a human whose id is the acting agent's in another case is refused as self-delegation", async () => {
    const twin = idp.addHuman({ sub: 'Finance-Agent' });
    const { exchange } = await exchanger();
    const token = await exchange(await idp.issueSubjectToken({ human: twin.sub }), {
      sub: twin.sub,
    });
    expect(decodeJwt(token.accessToken)).toMatchObject({
      sub: 'Finance-Agent',
      act: { sub: 'finance-agent' },
    });
    const refused = await verifyDualSubjectToken(token.accessToken, verifyOptions).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({
      credential: 'access_token',
      reason: 'layout_mismatch',
      claim: 'act.sub',
    });
    expect((refused as Error).message).toContain('names its human (sub) as an actor');
  });

  it('hostile subject tokens get typed errors and no retry: forged, wrong aud, expired', async () => {
    const { exchange, logger } = await exchanger();
    const genuine = decodeJwt(await idp.issueSubjectToken({ human: alice }));
    const attacker = await generateRsaKeyPair();
    const forged = await new SignJWT(genuine)
      .setProtectedHeader({ alg: 'RS256', kid: idp.issuer })
      .sign(await importJWK(attacker.privateJwk, 'RS256'));
    const cases = {
      forged,
      wrongAud: await idp.issueSubjectToken({ human: alice, audience: 'another-client' }),
      expired: await idp.issueSubjectToken({ human: alice, expiresInSeconds: -120 }),
    };
    for (const [name, subjectToken] of Object.entries(cases)) {
      const before = idp.requests.length;
      const error = refusal(await exchange(subjectToken).catch((e: unknown) => e));
      expect(error, name).toMatchObject({ status: 400, error: 'invalid_grant', attempts: 1 });
      expect(idp.requests.length - before, name).toBe(1);
      for (const shown of [String(error), JSON.stringify(error), inspect(error)]) {
        expect(shown).not.toContain(subjectToken);
      }
    }
    const logged = logger.lines.join('\n');
    for (const subjectToken of Object.values(cases)) expect(logged).not.toContain(subjectToken);
    expect(logged).toContain(alice);
  });

  it('refuses before any request a subject token of another human, and none at all', async () => {
    const { exchange, adapter } = await exchanger();
    const before = idp.requests.length;
    const bobs = await idp.issueSubjectToken({ human: [...idp.humans.values()][1]?.sub as string });
    await expect(exchange(bobs)).rejects.toThrow("another human's token");
    await expect(
      adapter.requestToken({
        agentId: 'finance-agent',
        act: { sub: alice },
        scope: ['finance.read'],
      }),
    ).rejects.toThrow('needs the human');
    expect(idp.requests.length).toBe(before);
  });

  it('an actor_token of another client is refused by the IdP; the agent’s own is accepted', async () => {
    const { exchange } = await exchanger({ OAUTH_ACTOR_TOKEN: 'client-credentials' });
    const token = await exchange(await idp.issueSubjectToken({ human: alice }));
    expect(idp.requests.at(-1)?.fields.actor_token_type).toBe(TOKEN_TYPE.accessToken);
    expect(decodeJwt(token.accessToken)).toMatchObject({ act: { sub: 'finance-agent' } });

    const otherConfig = await getConfig({ env: idp.env('sub-agent'), plugins: [oauthPlugin] });
    assertVendor(otherConfig, 'oauth');
    const others = await oauthPlugin
      .createAdapter(otherConfig, { fetch: idp.fetch })
      .requestToken({ agentId: 'sub-agent', act: { sub: alice }, scope: ['finance.read'] });
    const agent = idp.agents.get('finance-agent');
    const answer = await postToken(idp, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: await idp.issueSubjectToken({ human: alice }),
      subject_token_type: TOKEN_TYPE.accessToken,
      actor_token: others.accessToken,
      actor_token_type: TOKEN_TYPE.accessToken,
      client_id: 'finance-agent',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('finance-agent')
        .setSubject('finance-agent')
        .setAudience(idp.tokenUrl)
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(new TextEncoder().encode(agent?.clientSecret)),
    });
    expect(answer).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/actor_token is not the client/);
  });

  it('retries an injected 503 on the exchange grant only, with a fresh client assertion', async () => {
    const { exchange } = await exchanger();
    const subjectToken = await idp.issueSubjectToken({ human: alice });
    idp.failNext({ status: 503, grantType: 'urn:ietf:params:oauth:grant-type:token-exchange' });
    const before = idp.requests.length;
    const token = await exchange(subjectToken);
    const sent = idp.requests.slice(before);
    expect(sent.map((r) => r.status)).toEqual([503, 200]);
    expect(sent[0]?.assertion?.claims.jti).not.toBe(sent[1]?.assertion?.claims.jti);
    expect(decodeJwt(token.accessToken)).toMatchObject({ sub: alice });
  });
});

describe('on-behalf-of and ID-JAG (jwt-bearer) against the local IdP', () => {
  it('on-behalf-of: the human token as assertion, requested_token_use=on_behalf_of', async () => {
    const { exchange } = await exchanger({ OAUTH_MODE: 'on-behalf-of' });
    const token = await exchange(await idp.issueSubjectToken({ human: alice }));
    expect(idp.requests.at(-1)?.fields).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
    });
    const subject = await verifyDualSubjectToken(token.accessToken, verifyOptions);
    expect(subject).toMatchObject({ agent: { id: 'finance-agent' }, human: { sub: alice } });
  });

  it('id-jag: the ID token becomes an oauth-id-jag+jwt, redeemed by jwt-bearer for the token', async () => {
    const { ask } = await idJagExchanger({ OAUTH_RESOURCE: 'https://api.example.com/finance' });
    const idToken = await idp.issueSubjectToken({
      human: alice,
      kind: 'id',
      clientId: 'finance-agent',
    });
    const before = idp.requests.length;
    const token = await ask(createSubjectToken(idToken, TOKEN_TYPE.idToken));
    const [jagRequest, redeem] = idp.requests.slice(before);
    expect(jagRequest?.fields).toMatchObject({
      requested_token_type: TOKEN_TYPE.idJag,
      subject_token_type: TOKEN_TYPE.idToken,
      audience: idp.issuer,
      resource: 'https://api.example.com/finance',
    });
    expect(redeem?.fields.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decodeProtectedHeader(redeem?.fields.assertion ?? '')).toMatchObject({
      typ: 'oauth-id-jag+jwt',
    });
    expect(decodeJwt(redeem?.fields.assertion ?? '')).toMatchObject({
      sub: alice,
      aud: idp.issuer,
      client_id: 'finance-agent',
    });
    const subject = await verifyDualSubjectToken(token.accessToken, verifyOptions);
    expect(subject).toMatchObject({ agent: { id: 'finance-agent' }, human: { sub: alice } });
  });

  it('id-jag: a session with both tokens must hand over its ID token; its access token is refused unsent', async () => {
    const { ask } = await idJagExchanger();
    const session = new UserSession({
      userId: alice,
      accessToken: await idp.issueSubjectToken({ human: alice }),
      idToken: await idp.issueSubjectToken({ human: alice, kind: 'id', clientId: 'finance-agent' }),
    });
    const before = idp.requests.length;
    const error = await ask(session.subjectToken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/id-jag.*UserSession\.idToken/);
    expect(String(error)).toContain(TOKEN_TYPE.accessToken);
    expect(idp.requests.length).toBe(before);
    const jwt = await ask(createSubjectToken(String(session.idToken?.value), TOKEN_TYPE.jwt)).catch(
      (e: unknown) => e,
    );
    expect(jwt).toBeInstanceOf(TypeError);
    expect(idp.requests.length).toBe(before);
    // A SAML 2.0 assertion goes out as one; the local IdP speaks OIDC only and refuses it.
    const saml = await ask(createSubjectToken('PHNhbWw6QXNzZXJ0aW9uLz4', TOKEN_TYPE.saml2)).catch(
      (e: unknown) => e,
    );
    expect(refusal(saml)).toMatchObject({ status: 400 });
    expect(idp.requests.slice(before).map((r) => r.fields.subject_token_type)).toEqual([
      TOKEN_TYPE.saml2,
    ]);

    const token = await ask(session.idToken);
    expect(idp.requests.slice(before)[1]?.fields.subject_token_type).toBe(TOKEN_TYPE.idToken);
    const subject = await verifyDualSubjectToken(token.accessToken, verifyOptions);
    expect(subject).toMatchObject({ agent: { id: 'finance-agent' }, human: { sub: alice } });
  });

  it('id-jag: a session without an ID token is told to keep one', async () => {
    const { ask } = await idJagExchanger();
    const session = new UserSession({ userId: alice });
    const error = await ask(session.idToken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/UserSession\.idToken/);
  });

  it('a failure injected on the redemption leaves the ID-JAG step alone and is typed', async () => {
    const { ask } = await idJagExchanger();
    const idToken = await idp.issueSubjectToken({
      human: alice,
      kind: 'id',
      clientId: 'finance-agent',
    });
    idp.failNext({ status: 403, grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer' });
    const before = idp.requests.length;
    const error = await ask(createSubjectToken(idToken, TOKEN_TYPE.idToken)).catch(
      (e: unknown) => e,
    );
    expect(refusal(error)).toMatchObject({ status: 403 });
    expect(idp.requests.slice(before).map((r) => r.status)).toEqual([200, 403]);
  });
});
