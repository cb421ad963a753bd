import { assertVendor, createSubjectToken, getConfig, TokenRequestError } from '@dual-auth/core';
import {
  createRecordingLogger,
  type LocalIdp,
  type RecordingLogger,
  startLocalIdp,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, patchedAnswers } from '../test/support/patched-jwt.js';
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
