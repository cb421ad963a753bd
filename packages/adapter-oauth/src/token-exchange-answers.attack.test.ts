import {
  ConfigurationError,
  createDualAuthConfig,
  getConfig,
  TokenRequestError,
} from '@dual-auth/core';
import {
  startHttpsServer,
  startTokenEndpointStub,
  type TokenEndpointStub,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exchangeSubjectToken,
  NOW_SECONDS,
  tokenExchangeAdapter,
  unsignedJwt,
} from '../test/support/token-exchange-adapter.js';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';
import { oauthPlugin } from './oauth-plugin.js';

// RFC 8693 §2.2.1: `token_type` is `N_A` only when the issued token is not usable as an access
// token. A token exchange for OAUTH_REQUESTED_TOKEN_TYPE=…:jwt (§3: a JWT, usable as one) answered
// `Bearer` was refused as "must be N_A", and one answered `N_A` then as "only Bearer": every such
// exchange failed, whatever the server answered. An `N_A` answer stays refused (the API needs an
// access token), and so does an `issued_token_type` that is not the one asked for.
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

const jwt = (claims: Record<string, unknown>) => unsignedJwt(claims, 'JWT');

function exchange(answer: Record<string, unknown>) {
  const accessToken = jwt({
    sub: 'u-1',
    act: { sub: 'agent-1' },
    client_id: 'agent-1',
    exp: NOW_SECONDS + 300,
  });
  server.reply({ status: 200, body: { access_token: accessToken, ...answer } });
  return exchangeSubjectToken(
    tokenExchangeAdapter(server, { requestedTokenType: JWT_TYPE }),
    jwt({ sub: 'u-1', aud: 'agent-1', exp: NOW_SECONDS + 600 }),
  );
}

describe('OAuthAdapter token exchange for a JWT (OAUTH_REQUESTED_TOKEN_TYPE …:jwt)', () => {
  it('uses a JWT the server says is a Bearer access token', async () => {
    const token = await exchange({ issued_token_type: JWT_TYPE, token_type: 'Bearer' });
    expect(token.tokenType).toBe('Bearer');
    expect(server.requests.at(-1)?.fields.requested_token_type).toBe(JWT_TYPE);
  });

  it.each([
    [
      'token_type N_A (not usable as an access token)',
      { issued_token_type: JWT_TYPE, token_type: 'N_A' },
      /N_A/,
    ],
    [
      'another issued_token_type',
      { issued_token_type: 'urn:ietf:params:oauth:token-type:id_token', token_type: 'Bearer' },
      /issued_token_type/,
    ],
    ['no issued_token_type', { token_type: 'Bearer' }, /issued_token_type/],
  ])('refuses an answer with %s, typed, without the token', async (_what, answer, says) => {
    const refused = await exchange(answer).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TokenRequestError);
    expect((refused as Error).message).toMatch(says);
    expect((refused as Error).message).not.toMatch(/eyJ/);
  });
});

describe('OAUTH_REQUESTED_TOKEN_TYPE that cannot be an access token (token-exchange)', () => {
  const env = {
    DUAL_AUTH_VENDOR: 'oauth',
    OAUTH_TOKEN_URL: 'https://idp.example/oauth2/token',
    AGENT_CLIENT_ID: 'agent-1',
    AGENT_CLIENT_SECRET: 'oauth-secret-0123456789abcdef0123456789',
    OAUTH_MODE: 'token-exchange',
  };
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  it.each([
    'urn:ietf:params:oauth:token-type:id_token',
    'urn:ietf:params:oauth:token-type:refresh_token',
    'urn:ietf:params:oauth:token-type:saml2',
    'urn:ietf:params:oauth:token-type:id-jag',
    'access_token',
  ])('refuses %s at getConfig and at the constructor, naming the variable', async (type) => {
    const refused = await refusalOf(
      getConfig({ env: { ...env, OAUTH_REQUESTED_TOKEN_TYPE: type }, plugins: [oauthPlugin] }),
    );
    expect(ConfigurationError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ variable: 'OAUTH_REQUESTED_TOKEN_TYPE' });
    expect(String((refused as Error).message)).toMatch(/access_token.*jwt/);
    const config = createDualAuthConfig<OAuthConfig>({
      vendor: 'oauth',
      tokenUrl: env.OAUTH_TOKEN_URL,
      clientId: 'agent-1',
      clientSecret: env.AGENT_CLIENT_SECRET,
      mode: 'token-exchange',
      requestedTokenType: type,
    });
    expect(() => new OAuthAdapter(config)).toThrow(/OAUTH_REQUESTED_TOKEN_TYPE/);
  });

  it('accepts the access token and JWT types', async () => {
    for (const type of [
      'urn:ietf:params:oauth:token-type:access_token',
      'urn:ietf:params:oauth:token-type:jwt',
    ]) {
      await expect(
        getConfig({ env: { ...env, OAUTH_REQUESTED_TOKEN_TYPE: type }, plugins: [oauthPlugin] }),
      ).resolves.toMatchObject({ requestedTokenType: type });
    }
  });
});

// A token endpoint (or whoever answers for it) writing `access_token` twice, one for another
// human: the adapter reads one (JSON.parse keeps the last) and checks and hands out that same one,
// so the other human's token is never handed out unchecked, whichever comes last.
describe('OAuthAdapter token exchange: an answer with access_token twice (duplicate JSON keys)', () => {
  const tokenFor = (sub: string) =>
    jwt({ sub, act: { sub: 'agent-1' }, client_id: 'agent-1', exp: NOW_SECONDS + 300 });

  async function exchangeRaw(body: string) {
    const raw = await startHttpsServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    try {
      return await exchangeSubjectToken(
        tokenExchangeAdapter(raw),
        jwt({ sub: 'u-1', aud: 'agent-1', exp: NOW_SECONDS + 600 }),
      );
    } finally {
      await raw.close();
    }
  }
  const answer = (first: string, last: string) =>
    `{"access_token":"${first}","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","access_token":"${last}"}`;

  it('refuses when the token it reads names another human, and hands out only the checked one', async () => {
    const refused = await exchangeRaw(answer(tokenFor('u-1'), tokenFor('u-bob'))).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TokenRequestError);
    expect(refused).toMatchObject({ mismatch: 'human' });
    expect(String(refused)).not.toContain('u-bob');
    const used = await exchangeRaw(answer(tokenFor('u-bob'), tokenFor('u-1')));
    expect(used.accessToken).toBe(tokenFor('u-1'));
  });
});
