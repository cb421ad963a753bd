import { TokenRequestError } from '@dual-auth/core';
import {
  createRecordingLogger,
  startTokenEndpointStub,
  type TokenEndpointStub,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth0Adapter } from './auth0-adapter.js';

// Attack: the adapter asks Auth0 for a token for API_AUDIENCE (the `audience` parameter) and sends
// what it gets to that API. A token endpoint (or whoever answers for it: a proxy, a tenant whose
// Default Audience is another API) handing out a token for another API had it sent to this one,
// which could replay it where it is valid (RFC 8707 §1); only the client and `act.sub` were
// compared. Auth0 names the API in `aud`: the identifier asked for, alone or in an array with the
// tenant's /userinfo URL (Auth0 docs, "Access Token Profiles").
const API = 'https://api.example/finance';
const NOW_SECONDS = Math.floor(Date.now() / 1000);

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
}, 30_000);
afterAll(() => server.close());

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An Auth0-shaped access token (the signature is never read by the adapter). */
function auth0Token(aud?: unknown): string {
  const claims = {
    iss: `${server.url}/`,
    sub: 'agent-1@clients',
    azp: 'agent-1',
    act: { sub: 'auth0|u1' },
    gty: 'client-credentials',
    exp: NOW_SECONDS + 300,
    ...(aud === undefined ? {} : { aud }),
  };
  return `${segment({ alg: 'RS256', typ: 'JWT' })}.${segment(claims)}.c2lnbmF0dXJl`;
}

function answerWith(accessToken: string) {
  server.reply({ status: 200, body: { access_token: accessToken, token_type: 'Bearer' } });
  const logger = createRecordingLogger();
  const adapter = new Auth0Adapter(
    {
      vendor: 'auth0',
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'agent-1',
      clientSecret: 'auth0-secret-0123456789abcdef0123456789',
      audience: API,
    },
    { fetch: server.fetch, retry: false, logger },
  );
  const asked = adapter.requestToken({ agentId: 'agent-1', act: { sub: 'auth0|u1' }, scope: [] });
  return { asked, logger };
}

describe('attack: an Auth0 token for another API than API_AUDIENCE', () => {
  it.each([
    ['is API_AUDIENCE', API],
    ['lists it beside the /userinfo URL', [API, 'https://tenant.example/userinfo']],
  ])(
    'hands out a token whose aud %s',
    async (_what, aud) => {
      await expect(answerWith(auth0Token(aud)).asked).resolves.toMatchObject({
        accessToken: auth0Token(aud),
      });
    },
    30_000,
  );

  it('hands out an opaque token (nothing to read)', async () => {
    await expect(answerWith('opaque-token-0123').asked).resolves.toBeDefined();
  }, 30_000);

  it.each([
    ['another API', 'https://other.example/'],
    ['no aud', undefined],
    ['the /userinfo URL alone', ['https://tenant.example/userinfo']],
    ['API_AUDIENCE with a trailing slash', `${API}/`],
  ])(
    'refuses a token whose aud is %s: never handed out, logged as token_subject_mismatch',
    async (_what, aud) => {
      const { asked, logger } = answerWith(auth0Token(aud));
      const refused = await asked.catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ vendor: 'auth0', status: 200, mismatch: undefined });
      expect((refused as Error).message).toBe(
        "Token request failed (HTTP 200): the IdP issued a token for another API (aud is not API_AUDIENCE); check the API identifier (APIs in the Auth0 dashboard) and the tenant's Default Audience on the IdP",
      );
      expect(logger.records).toContainEqual(
        expect.objectContaining({
          event: 'token_subject_mismatch',
          fields: expect.objectContaining({ vendor: 'auth0', mismatch: 'claims' }),
        }),
      );
    },
    30_000,
  );

  it('still refuses a token for another human before its aud is read', async () => {
    const other = auth0Token(API).split('.');
    other[1] = segment({ azp: 'agent-1', act: { sub: 'auth0|u2' }, aud: API });
    const refused = await answerWith(other.join('.')).asked.catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 200, mismatch: 'human' });
  }, 30_000);
});
