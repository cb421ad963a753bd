import {
  assertVendor,
  createSubjectToken,
  getConfig,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import {
  createRecordingLogger,
  type LocalIdp,
  type RecordingLogger,
  startLocalIdp,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, patchedAnswers, patchedJwt } from '../test/support/patched-jwt.js';
import { oauthPlugin } from './index.js';

// breaker9 finding 5, against the real local IdP: its token exchange answers, and a patch turns
// the answer into what a misconfigured IdP would issue. The agent decodes, never verifies, so the
// patched payload is read as the IdP's.
let idp: LocalIdp;
let alice: string;
let bob: string;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
  [alice, bob] = [...idp.humans.values()].map((human) => human.sub) as [string, string];
}, 60_000);
afterAll(() => idp?.close());

async function exchange(
  patch: (claims: Claims) => Claims = (claims) => claims,
  logger: RecordingLogger = createRecordingLogger(),
  issuer: Record<string, string> = { OAUTH_ISSUER: idp.issuer },
) {
  const fetch = patchedAnswers(idp, patch);
  const env = { ...idp.env('finance-agent'), OAUTH_MODE: 'token-exchange', ...issuer };
  const config = await getConfig({ env, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  const adapter = oauthPlugin.createAdapter(config, { fetch, logger, retry: { limit: 0 } });
  return adapter.requestToken({
    agentId: 'finance-agent',
    act: { sub: alice },
    scope: ['finance.read'],
    subjectToken: createSubjectToken(await idp.issueSubjectToken({ human: alice })),
  });
}

describe('OAuthAdapter token exchange: the answer is refused where the API would refuse it', () => {
  it("hands out the IdP's own token (aud = API_AUDIENCE, act = the agent)", async () => {
    const token = await exchange();
    expect(token.tokenType).toBe('Bearer');
  });

  it('without OAUTH_ISSUER, leaves iss uncompared (as OAuthConfig.issuer says)', async () => {
    const token = await exchange(
      (c) => ({ ...c, iss: 'https://other-idp.example' }),
      undefined,
      {},
    );
    expect(token.tokenType).toBe('Bearer');
  });

  it.each<[string, (claims: Claims) => Claims, RegExp, string]>([
    [
      'aud of another API',
      (c) => ({ ...c, aud: 'https://other-api.example' }),
      /another API/,
      'claims',
    ],
    ['act as a string', (c) => ({ ...c, act: 'finance-agent' }), /act is not an object/, 'claims'],
    [
      'act as an array',
      (c) => ({ ...c, act: [{ sub: 'finance-agent' }] }),
      /act is not an object/,
      'claims',
    ],
    ['sub of Bob, oid of Alice', (c) => ({ ...c, sub: bob, oid: alice }), /another human/, 'human'],
    [
      'no sub (a Keycloak lightweight access token)',
      ({ sub: _sub, ...c }) => c,
      /naming no human \(no sub or oid\); check sub in its access tokens \(Keycloak: .*lightweight/,
      'human',
    ],
    [
      'the human an earlier actor',
      (c) => ({ ...c, act: { sub: 'finance-agent', act: { sub: alice } } }),
      /act\.act\.sub is the human/,
      'claims',
    ],
    // RFC 8693 §4.3: client_id is the client the token was issued to, the requester (and so are
    // OIDC azp, Entra appid, Okta cid): a guard's rfc8693 layout refuses one that is not act.sub.
    [
      'a client_id of another client beside the agent as act',
      (c) => ({ ...c, client_id: 'other-agent' }),
      /another actor or client/,
      'agent',
    ],
    [
      'an azp of another client beside the agent as act',
      (c) => ({ ...c, azp: 'other-agent' }),
      /another actor or client/,
      'agent',
    ],
    [
      'no act, a client_id of another client beside an azp of the agent',
      ({ act: _act, ...c }) => ({ ...c, client_id: 'other-agent', azp: c.client_id }),
      /another actor or client/,
      'agent',
    ],
    [
      'an nbf further ahead than any guard tolerates (not yet valid)',
      (c) => ({ ...c, nbf: Number(c.iat) + 3_600 }), // an hour: a loaded machine may take seconds from iat to the check
      /not yet valid or of no readable lifetime \(nbf over 300 s ahead/,
      'claims',
    ],
  ])('%s', async (_name, patch, message, mismatch) => {
    const logger = createRecordingLogger();
    const refused = await exchange(patch, logger).catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    const error = refused as TokenRequestError;
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/; check .+ on the IdP$/);
    expect(error.status).toBe(200);
    expect(error.mismatch).toBe(mismatch === 'claims' ? undefined : mismatch);
    for (const value of [alice, bob, 'finance-agent', 'other-api', 'other-idp']) {
      expect(error.message).not.toContain(value);
    }
    // One event, as the legacy check's; the request is logged (and counted) as failed, never as a success.
    expect(logger.records).toContainEqual({
      level: 'error',
      event: 'token_subject_mismatch',
      fields: { vendor: 'oauth', agent_id: 'finance-agent', mismatch },
    });
    const events = logger.records.map((record) => record.event);
    expect(events).toContain('token_request_error');
    expect(events).not.toContain('token_request_success');
    expect(JSON.stringify(logger.records)).not.toContain(bob);
  });
});

// Review (session 37): the adapter kit's exp check ran before the subject check, so a token both
// past its exp and for another human was logged oauth_response_error (advising NTP), and an alert
// on token_subject_mismatch missed it. The mismatch is the security event: it wins.
describe('OAuthAdapter token exchange: a token past its exp that names another human', () => {
  it('is refused as for another human, logged token_subject_mismatch, not as a clock problem', async () => {
    const logger = createRecordingLogger();
    const past = Math.floor(Date.now() / 1000) - 600;
    const refused = await exchange((c) => ({ ...c, sub: bob, exp: past }), logger).catch(
      (error: unknown) => error,
    );
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 200, mismatch: 'human' });
    expect((refused as Error).message).toMatch(/another human/);
    expect(logger.records).toContainEqual({
      level: 'error',
      event: 'token_subject_mismatch',
      fields: { vendor: 'oauth', agent_id: 'finance-agent', mismatch: 'human' },
    });
    expect(logger.records.map((record) => record.event)).not.toContain('oauth_response_error');
  });

  it('for the human asked for, is still refused as past its exp, naming the clocks', async () => {
    const logger = createRecordingLogger();
    const past = Math.floor(Date.now() / 1000) - 600;
    const refused = await exchange((c) => ({ ...c, exp: past }), logger).catch(
      (error: unknown) => error,
    );
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain(
      "access_token is past its exp: check this host's clock and the IdP's (NTP)",
    );
    expect(logger.records.map((record) => record.event)).toContain('oauth_response_error');
    expect(logger.records.map((record) => record.event)).not.toContain('token_subject_mismatch');
  });
});

describe('OAuthAdapter token exchange: an iss that is not OAUTH_ISSUER is shown beside it (issuers are public URLs)', () => {
  async function issuerRefusal(iss: unknown, issuer: string) {
    const logger = createRecordingLogger();
    const refused = await exchange((c) => ({ ...c, iss }), logger, { OAUTH_ISSUER: issuer }).catch(
      (error: unknown) => error,
    );
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    const error = refused as TokenRequestError;
    expect(error.status).toBe(200);
    expect(error.mismatch).toBeUndefined();
    expect(error.message).toMatch(
      /; set OAUTH_ISSUER to the server's metadata issuer \(exact match\)$/,
    );
    expect(error.message).not.toContain(alice);
    // The log event keeps its shape.
    expect(logger.records).toContainEqual({
      level: 'error',
      event: 'token_subject_mismatch',
      fields: { vendor: 'oauth', agent_id: 'finance-agent', mismatch: 'claims' },
    });
    return error.message;
  }

  it('another server: both values', async () => {
    const message = await issuerRefusal('https://other-idp.example', idp.issuer);
    expect(message).toContain(
      `the IdP issued a token of another server: iss "https://other-idp.example" is not OAUTH_ISSUER "${idp.issuer}"`,
    );
  });

  it('a trailing slash in OAUTH_ISSUER: the two values differ by it', async () => {
    const message = await issuerRefusal(idp.issuer, `${idp.issuer}/`);
    expect(message).toContain(`iss "${idp.issuer}" is not OAUTH_ISSUER "${idp.issuer}/"`);
  });

  it('an iss with control characters, too long, or not a string: escaped, described', async () => {
    const escaped = await issuerRefusal('https://evil.example/\u001b[2J\r\n\u202ex', idp.issuer);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none got through
    expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(escaped).toContain('iss "https://evil.example/\\u001b[2J\\u000d\\u000a\\u202ex" is not');
    // Longer than an issuer: a token or a pasted value, never shown.
    const long = await issuerRefusal(`https://evil.example/${'a'.repeat(500)}`, idp.issuer);
    expect(long).toContain('iss (not an issuer URL, 521 characters) is not OAUTH_ISSUER');
    expect(long).not.toContain('evil.example');
    expect(await issuerRefusal(42, idp.issuer)).toContain('iss (a number) is not OAUTH_ISSUER');
    expect(await issuerRefusal(undefined, idp.issuer)).toContain('iss (none) is not OAUTH_ISSUER');
  });
});

// Attack: in `id-jag` the ID-JAG names the client it is a grant for, `client_id`
// (draft-ietf-oauth-identity-assertion-authz-grant §3), whom the enterprise IdP's policy let have
// the human's grant. An enterprise IdP (or whoever answers for it) handing this agent an ID-JAG of
// another client had it sent on to OAUTH_TOKEN_URL with the agent's own client authentication: a
// resource server that does not compare the two redeems another client's grant for this agent.

/** The real exchange, with step one's ID-JAG patched; `sent` counts the token requests. */
async function idJagRequest(patch: (claims: Claims) => Claims) {
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await idp.fetch(input, init);
    if (String(input) !== idp.tokenUrl) return response;
    const form = new URLSearchParams(String(init?.body));
    sent.push(form.get('requested_token_type') ?? form.get('grant_type') ?? '');
    const answer = (await response.json()) as Record<string, unknown>;
    if (answer.issued_token_type !== TOKEN_TYPE.idJag) return Response.json(answer);
    return Response.json({
      ...answer,
      access_token: patchedJwt(String(answer.access_token), patch),
    });
  };
  const env = {
    ...idp.env('finance-agent'),
    OAUTH_MODE: 'id-jag',
    OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
    OAUTH_RESOURCE_ISSUER: idp.issuer,
  };
  const config = await getConfig({ env, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  const logger = createRecordingLogger();
  const adapter = oauthPlugin.createAdapter(config, { fetch, logger, retry: { limit: 0 } });
  const idToken = await idp.issueSubjectToken({
    human: alice,
    kind: 'id',
    clientId: 'finance-agent',
  });
  const result = await adapter
    .requestToken({
      agentId: 'finance-agent',
      act: { sub: alice },
      scope: ['finance.read'],
      subjectToken: createSubjectToken(idToken, TOKEN_TYPE.idToken),
    })
    .catch((error: unknown) => error);
  return { result, sent, logger };
}

describe('attack: the enterprise IdP answers an ID-JAG for another client', () => {
  it('redeems an ID-JAG whose client_id is this agent', async () => {
    const { result, sent } = await idJagRequest((claims) => {
      expect(claims.client_id).toBe('finance-agent');
      return claims;
    });
    expect(result).toMatchObject({ tokenType: 'Bearer' });
    expect(sent).toHaveLength(2);
  }, 30_000);

  // Session 38 (wave38/agentside): `client_id` is REQUIRED in an ID-JAG (§3); one without it
  // (or empty) named no client and was sent on, for the resource's server to refuse or redeem.
  it.each([
    [
      'whose client_id is another client',
      { client_id: 'other-agent' },
      /for another client \(client_id/,
    ],
    [
      'whose client_id is a list naming this agent',
      { client_id: ['finance-agent'] },
      /for another client/,
    ],
    ['without client_id', { client_id: undefined }, /names no client \(no client_id/],
    ['whose client_id is empty', { client_id: '' }, /names no client \(no client_id/],
  ])(
    'refuses, before step two, an ID-JAG %s: it is never sent on',
    async (_what, change, message) => {
      const { result, sent, logger } = await idJagRequest((claims) =>
        JSON.parse(JSON.stringify({ ...claims, ...change })),
      );
      expect(TokenRequestError.isInstance(result)).toBe(true);
      expect(result).toMatchObject({ status: 200, mismatch: 'agent' });
      expect((result as Error).message).toMatch(message);
      expect((result as Error).message).not.toContain('other-agent');
      expect(sent).toEqual([TOKEN_TYPE.idJag]);
      expect(logger.records).toContainEqual({
        level: 'error',
        event: 'token_subject_mismatch',
        fields: { vendor: 'oauth', agent_id: 'finance-agent', mismatch: 'agent', token: 'id-jag' },
      });
    },
    30_000,
  );
});

// Session 38 (wave38/agentside): step one refused an ID-JAG past its exp before it read whom it
// names, so one both expired and for another human was logged oauth_response_error (advising
// NTP), and an alert on token_subject_mismatch missed it, as session 37 fixed for issued tokens.
describe('attack: the enterprise IdP answers an expired ID-JAG', () => {
  const past = () => Math.floor(Date.now() / 1000) - 600;

  it('naming another human: refused as for another human (token_subject_mismatch), not as a clock', async () => {
    const { result, sent, logger } = await idJagRequest((claims) => ({
      ...claims,
      sub: bob,
      exp: past(),
    }));
    expect(TokenRequestError.isInstance(result)).toBe(true);
    expect(result).toMatchObject({ status: 200, mismatch: 'human' });
    expect(sent).toEqual([TOKEN_TYPE.idJag]);
    expect(logger.records).toContainEqual({
      level: 'error',
      event: 'token_subject_mismatch',
      fields: { vendor: 'oauth', agent_id: 'finance-agent', mismatch: 'human', token: 'id-jag' },
    });
    expect(logger.records.map((record) => record.event)).not.toContain('oauth_response_error');
  }, 30_000);

  it('naming the human asked for: still refused as past its exp, naming the clocks, never sent on', async () => {
    const { result, sent, logger } = await idJagRequest((claims) => ({ ...claims, exp: past() }));
    expect(TokenRequestError.isInstance(result)).toBe(true);
    expect((result as Error).message).toContain('is past its exp');
    expect(sent).toEqual([TOKEN_TYPE.idJag]);
    expect(logger.records.map((record) => record.event)).toContain('oauth_response_error');
    expect(logger.records.map((record) => record.event)).not.toContain('token_subject_mismatch');
  }, 30_000);
});
