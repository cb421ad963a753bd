import {
  assertVendor,
  ConfigurationError,
  createSubjectToken,
  getConfig,
  TokenRequestError,
} from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import {
  createRecordingLogger,
  type LocalIdp,
  type RecordingLogger,
  startLocalIdp,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, patchedAnswers, patchedJwt } from '../test/support/patched-jwt.js';
import { oauthPlugin } from './index.js';

// wave8/humanid8: an Okta custom authorization server's access token names the user by login in
// `sub` and by user id (`00u…`) in `uid`; its ID token by user id in `sub`. The local IdP's Okta
// profile issues that shape; act.sub is the user id, as a session's userId is.
let idp: LocalIdp;
let alice: string;
let bob: string;
let aliceLogin: string;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'okta' });
  const [a, b] = [...idp.humans.values()];
  [alice, bob, aliceLogin] = [a?.sub, b?.sub, a?.email] as [string, string, string];
}, 60_000);
afterAll(() => idp?.close());

const same = (claims: Claims) => claims;

function oauthEnv(extra: Record<string, string>): Record<string, string> {
  const agent = idp.agents.get('finance-agent');
  return {
    DUAL_AUTH_VENDOR: 'oauth',
    OAUTH_TOKEN_URL: idp.tokenUrl,
    AGENT_CLIENT_ID: 'finance-agent',
    AGENT_CLIENT_SECRET: agent?.clientSecret ?? '',
    API_AUDIENCE: idp.audience,
    ...extra,
  };
}

const HUMAN_ID = { OAUTH_MODE: 'token-exchange', OAUTH_HUMAN_ID_CLAIM: 'uid' };

/** Token exchange of alice's access token (patched by `subject`), its answer patched by `answer`. */
async function exchange(
  env: Record<string, string>,
  { subject = same, answer = same }: { subject?: typeof same; answer?: typeof same } = {},
  logger: RecordingLogger = createRecordingLogger(),
) {
  const fetch = patchedAnswers(idp, answer);
  const config = await getConfig({
    env: oauthEnv({ OAUTH_ISSUER: idp.issuer, ...env }),
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  const adapter = oauthPlugin.createAdapter(config, { fetch, logger, retry: { limit: 0 } });
  const own = await idp.issueSubjectToken({ human: alice });
  return adapter.requestToken({
    agentId: 'finance-agent',
    act: { sub: alice },
    scope: ['finance.read'],
    subjectToken: createSubjectToken(patchedJwt(own, subject)),
  });
}

async function refused(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  const { message } = error as Error;
  // Neither the login (an email) nor any id is ever shown.
  for (const value of [aliceLogin, 'alice@', alice, bob]) expect(message).not.toContain(value);
  return error as Error;
}

describe('the local IdP issues Okta custom authorization server tokens', () => {
  it("an access token's sub is the login, its uid the user id; an ID token's sub the user id", async () => {
    const access = jwtPayloadOf(await idp.issueSubjectToken({ human: alice }));
    expect(access).toMatchObject({ sub: aliceLogin, uid: alice });
    expect(aliceLogin).toMatch(/@/);
    const id = jwtPayloadOf(
      await idp.issueSubjectToken({ human: alice, kind: 'id', clientId: 'finance-agent' }),
    );
    expect(id?.sub).toBe(alice);
    expect(id?.uid).toBeUndefined();
  });
});

describe('OAuthAdapter token exchange with OAUTH_HUMAN_ID_CLAIM=uid (Okta custom authorization server)', () => {
  it("exchanges the human's own access token; the issued token keeps sub = login, uid = act.sub", async () => {
    const logger = createRecordingLogger();
    const token = await exchange(HUMAN_ID, {}, logger);
    // The setting is shown (a claim name); the login never is.
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        event: 'oauth_adapter_init',
        fields: expect.objectContaining({ human_id_claim: 'uid' }),
      }),
    );
    expect(JSON.stringify(logger.records)).not.toContain(aliceLogin);
    expect(jwtPayloadOf(token.accessToken)).toMatchObject({
      sub: aliceLogin,
      uid: alice,
      act: { sub: 'finance-agent' },
    });
  });

  it('OAUTH_PRESET=okta sets token-exchange and uid', async () => {
    const token = await exchange({
      OAUTH_PRESET: 'okta',
      // The local IdP's agent has a client secret, not a registered key.
      OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
    });
    expect(jwtPayloadOf(token.accessToken)).toMatchObject({ uid: alice });
  });

  it('without the setting, the same token is still refused as naming another human (sub is compared)', async () => {
    const error = await refused(exchange({ OAUTH_MODE: 'token-exchange' }));
    expect(error).toBeInstanceOf(TypeError);
    // The refusal points at the setting: the token has a uid beside its sub.
    expect(error.message).toContain('OAUTH_HUMAN_ID_CLAIM=uid');
  });

  describe('a subject token is refused before any request', () => {
    it.each<[string, typeof same, RegExp]>([
      ["uid of bob, sub alice's login", (c) => ({ ...c, uid: bob }), /another human's token/],
      ['uid absent', ({ uid: _uid, ...c }) => c, /has no uid \(OAUTH_HUMAN_ID_CLAIM\)/],
      ['uid not a string', (c) => ({ ...c, uid: [c.uid] }), /another human's token/],
      ['uid empty', (c) => ({ ...c, uid: '' }), /another human's token/],
    ])('%s', async (_name, subject, message) => {
      const before = idp.requests.length;
      const error = await refused(exchange(HUMAN_ID, { subject }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(message);
      expect(idp.requests.length).toBe(before);
    });
  });

  describe('an issued token is refused where the API would read another human, or none', () => {
    it.each<[string, typeof same, RegExp]>([
      ["uid of bob, sub alice's login", (c) => ({ ...c, uid: bob }), /for another human/],
      [
        'uid absent',
        ({ uid: _uid, ...c }) => c,
        /naming no human \(no uid, OAUTH_HUMAN_ID_CLAIM\); check uid in its access tokens on the IdP$/,
      ],
      ['uid not a string', (c) => ({ ...c, uid: [c.uid] }), /for another human/],
      ['uid of alice, oid of bob', (c) => ({ ...c, oid: bob }), /for another human/],
      [
        'the human as the actor',
        (c) => ({ ...c, act: { sub: 'finance-agent', act: { sub: alice } } }),
        /act\.act\.sub is the human/,
      ],
    ])('%s', async (_name, answer, message) => {
      const logger = createRecordingLogger();
      const error = await refused(exchange(HUMAN_ID, { answer }, logger));
      expect(TokenRequestError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/; check .+ on the IdP$/);
      const logged = JSON.stringify(logger.records);
      for (const value of [aliceLogin, bob]) expect(logged).not.toContain(value);
    });
  });
});

describe('OAUTH_HUMAN_ID_CLAIM is refused where it would not be read', () => {
  it.each<[string, Record<string, string>]>([
    ['client-credentials', { OAUTH_HUMAN_ID_CLAIM: 'uid' }],
    ['on-behalf-of', { OAUTH_MODE: 'on-behalf-of', OAUTH_HUMAN_ID_CLAIM: 'uid' }],
    ['okta-xaa (id-jag)', { OAUTH_PRESET: 'okta-xaa', OAUTH_HUMAN_ID_CLAIM: 'uid' }],
    ['sub itself', { OAUTH_MODE: 'token-exchange', OAUTH_HUMAN_ID_CLAIM: 'sub' }],
    ['oid', { OAUTH_MODE: 'token-exchange', OAUTH_HUMAN_ID_CLAIM: 'oid' }],
    ['not a claim name', { OAUTH_MODE: 'token-exchange', OAUTH_HUMAN_ID_CLAIM: 'u id' }],
  ])('%s', async (_name, env) => {
    const error = await getConfig({
      env: oauthEnv({
        OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
        OAUTH_RESOURCE_ISSUER: idp.issuer,
        ...env,
      }),
      plugins: [oauthPlugin],
    }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).variable).toBe('OAUTH_HUMAN_ID_CLAIM');
  });
});
