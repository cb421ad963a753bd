import {
  ConfigurationError,
  getConfig,
  type KeycloakConfig,
  TokenRequestError,
} from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeycloakAdapterOptions } from './keycloak-adapter.js';
import { KeycloakAdapter } from './keycloak-adapter.js';

let idp: LocalIdp;
let config: KeycloakConfig;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'keycloak' });
  config = (await getConfig({ vendor: 'keycloak', env: idp.env() })) as KeycloakConfig;
});
afterAll(() => idp.close());

const alice = () => [...(idp?.humans.values() ?? [])].find((h) => h.username === 'alice');

function adapter(options: KeycloakAdapterOptions = {}, fields: Partial<KeycloakConfig> = {}) {
  const merged = { ...config, clientSecret: config.clientSecret, ...fields };
  return new KeycloakAdapter(merged, { fetch: idp.fetch, retry: false, ...options });
}

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!TokenRequestError.isInstance(error))
    throw new Error(`expected TokenRequestError, got ${error}`);
  return error;
}

describe('KeycloakAdapter against the local Keycloak-shaped IdP', () => {
  it('gets a token carrying the agent and act.sub, verified with the realm JWKS', async () => {
    const human = alice();
    const act = { sub: human?.sub ?? '', email: human?.email ?? '', name: human?.name ?? '' };
    const token = await adapter().requestToken({
      agentId: config.clientId,
      act,
      scope: ['finance.read'],
    });
    const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
    const { payload } = await jwtVerify(token.accessToken, jwks, {
      issuer: idp.issuer,
      audience: idp.audience,
    });
    expect(payload).toMatchObject({ azp: config.clientId, act: { sub: human?.sub } });
    expect(idp.requests.at(-1)?.form.map(([name]) => name)).toEqual([
      'grant_type',
      'scope',
      'client_assertion_type',
      'client_assertion',
    ]);
  });

  it('wrong secret → 401 with the IdP error code', async () => {
    const error = await failure(
      adapter({}, { clientSecret: 'wrong-secret-0123456789abcdef01234' }).requestToken({
        agentId: config.clientId,
        act: { sub: 'u-1' },
        scope: [],
      }),
    );
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', vendor: 'keycloak' });
  });

  it('an assertion with the wrong audience or expired is rejected by the IdP', async () => {
    const wrongAud = await failure(
      adapter({}, { audience: 'https://elsewhere.example/realms/x' }).requestToken({
        agentId: config.clientId,
        act: { sub: 'u-1' },
        scope: [],
      }),
    );
    expect(wrongAud).toMatchObject({ status: 401, error: 'invalid_client' });
    const expired = await failure(
      adapter({ clock: { now: () => Date.now() - 3_600_000 } }).requestToken({
        agentId: config.clientId,
        act: { sub: 'u-1' },
        scope: [],
      }),
    );
    expect(expired).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('retries a 503 with a fresh assertion and jti', async () => {
    idp.failNext({ status: 503 });
    const before = idp.requests.length;
    const token = await adapter({ retry: { retries: 2 }, sleep: async () => {} }).requestToken({
      agentId: config.clientId,
      act: { sub: 'u-1' },
      scope: ['finance.read'],
    });
    expect(token.accessToken).not.toBe('');
    const jtis = idp.requests.slice(before).map((r) => r.assertion?.claims.jti);
    expect(jtis).toHaveLength(2);
    expect(new Set(jtis).size).toBe(2);
  });

  it('refuses act without sub and http:// before any network call', async () => {
    const before = idp.requests.length;
    await expect(
      adapter().requestToken({
        agentId: config.clientId,
        act: { email: 'a@x' } as never,
        scope: [],
      }),
    ).rejects.toThrow(TypeError);
    const http = config.tokenUrl.replace('https:', 'http:');
    expect(() => adapter({}, { tokenUrl: http })).toThrow(ConfigurationError);
    expect(adapter({ allowInsecureLoopback: true }, { tokenUrl: http }).tokenUrl).toBe(http);
    expect(idp.requests.length).toBe(before);
  });
});
