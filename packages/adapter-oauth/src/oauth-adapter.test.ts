import { createDualAuthConfig, createSubjectToken, TokenRequestError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { base64url, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

const SECRET = 'oauth-secret-0123456789abcdef0123456789';
const JTI = 'HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function adapter(fields: Partial<OAuthConfig> = {}): OAuthAdapter {
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: SECRET,
    ...fields,
  });
  return new OAuthAdapter(config, {
    fetch: server.fetch,
    clock: { now: () => 1_795_421_725_000 },
    random: () => base64url.decode(JTI),
    retry: false,
  });
}

describe('OAuthAdapter: the request on the wire (docs/wire-format.md#oauth)', () => {
  it('sends client_credentials with an HS256 assertion carrying act, aud = the token URL', async () => {
    server.reply({ status: 200, body: { access_token: 'AT', token_type: 'Bearer' } });
    const act = { sub: 'u-1', email: 'a@x.com' };
    const token = await adapter({ audience: 'https://api' }).requestToken({
      agentId: 'agent-1',
      act,
      scope: ['finance.read', 'x'],
    });
    const sent = server.requests.at(-1);
    expect(sent?.form.map(([name]) => name)).toEqual([
      'grant_type',
      'scope',
      'audience',
      'client_assertion_type',
      'client_assertion',
    ]);
    expect(sent?.fields).toMatchObject({ scope: 'finance.read x', audience: 'https://api' });
    const assertion = sent?.fields.client_assertion ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(assertion, new TextEncoder().encode(SECRET), {
      currentDate: new Date(1_795_421_725_000),
    });
    expect(payload).toEqual({
      iss: 'agent-1',
      sub: 'agent-1',
      aud: `${server.url}/oauth2/token`,
      exp: 1_795_422_025,
      iat: 1_795_421_725,
      jti: JTI,
      act,
    });
    expect(token).toMatchObject({ accessToken: 'AT', expiresIn: 3600 });
  });

  it('leaves audience out when none is configured, and uses a configured assertion audience', async () => {
    server.reply({ status: 200, body: { access_token: 'AT' } });
    const oauth = adapter({ assertionAudience: 'https://idp.example/' });
    await oauth.requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: [] });
    const sent = server.requests.at(-1);
    expect(sent?.form.map(([name]) => name)).not.toContain('audience');
    expect(sent?.assertion?.claims.aud).toBe('https://idp.example/');
    expect(oauth.audience).toBeUndefined();
  });

  it('keeps the status and the IdP error code', async () => {
    server.reply({ status: 401, body: { error: 'invalid_client' } });
    const error = await adapter()
      .requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: [] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      error: 'invalid_client',
      vendor: 'oauth',
      message: 'Token request failed (HTTP 401): Authentication failed - check client credentials',
    });
  });

  it('refuses private_key_jwt without a key and a mode it does not have, before any request', () => {
    const before = server.requests.length;
    expect(() => adapter({ authMethod: 'private_key_jwt', clientSecret: '' })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', variable: 'OAUTH_PRIVATE_KEY' }),
    );
    expect(() => adapter({ mode: 'implicit' as never })).toThrow(
      'OAUTH_MODE implicit is not supported',
    );
    expect(server.requests.length).toBe(before);
  });
});

describe('OAuthAdapter: a delegated JWT must name the human and the actor asked for', () => {
  const jwt = (claims: Record<string, unknown>) =>
    `${base64url.encode('{"alg":"RS256","typ":"at+jwt"}')}.${base64url.encode(JSON.stringify(claims))}.c2ln`;
  const act = { sub: 'u-1' };
  const subjectToken = createSubjectToken(jwt({ sub: 'u-1', aud: 'app' }));
  const exchange = (accessToken: string) => {
    server.reply({
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      },
    });
    return adapter({ mode: 'token-exchange' }).requestToken({
      agentId: 'agent-1',
      act,
      scope: ['finance.read'],
      subjectToken,
    });
  };

  it('hands out a token naming the human (sub) and the agent (act.sub, or client_id without act), and an opaque one', async () => {
    for (const good of [
      jwt({ sub: 'u-1', act: { sub: 'agent-1' }, client_id: 'agent-1' }),
      jwt({ sub: 'u-1', azp: 'agent-1' }),
      'opaque-access-token-value',
    ]) {
      await expect(exchange(good)).resolves.toMatchObject({ accessToken: good });
    }
  });

  it.each([
    ['another human', { sub: 'u-2', act: { sub: 'agent-1' } }, /another human/],
    ['no human', { act: { sub: 'agent-1' } }, /another human/],
    [
      'another actor',
      { sub: 'u-1', act: { sub: 'intern-agent' }, client_id: 'agent-1' },
      /another actor/,
    ],
    ['another client, no act', { sub: 'u-1', client_id: 'intern-agent' }, /another actor/],
    ['no actor at all', { sub: 'u-1' }, /another actor/],
  ])('refuses a token naming %s with a TokenRequestError', async (_name, claims, message) => {
    const refused = await exchange(jwt(claims)).catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(message);
    expect((refused as Error).message).not.toContain('intern-agent');
  });
});
