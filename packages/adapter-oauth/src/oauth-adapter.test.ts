import { createDualAuthConfig, TokenRequestError } from '@dual-auth/core';
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
