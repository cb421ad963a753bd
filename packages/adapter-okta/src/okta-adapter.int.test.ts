import { getConfig, type OktaConfig, TokenRequestError } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OktaAdapterOptions } from './okta-adapter.js';
import { OktaAdapter } from './okta-adapter.js';

let idp: LocalIdp;
let documented: LocalIdp;
let config: OktaConfig;
beforeAll(async () => {
  [idp, documented] = await Promise.all([
    startLocalIdp({ vendor: 'okta', assertionAudience: 'issuer' }),
    startLocalIdp({ vendor: 'okta', assertionAudience: 'token-endpoint' }),
  ]);
  config = (await getConfig({ vendor: 'okta', env: idp.env() })) as OktaConfig;
});
afterAll(() => Promise.all([idp.close(), documented.close()]));

function adapter(options: OktaAdapterOptions = {}, fields: Partial<OktaConfig> = {}, on = idp) {
  const agent = on.agents.get('finance-agent');
  const merged = {
    ...config,
    tokenUrl: on.tokenUrl,
    clientSecret: agent?.clientSecret ?? '',
    ...fields,
  };
  return new OktaAdapter(merged, { fetch: on.fetch, retry: false, ...options });
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

const request = { agentId: 'finance-agent', act: { sub: '00u1alice' }, scope: ['finance.read'] };

describe('OktaAdapter against the local Okta-shaped IdP', () => {
  it('gets a token carrying the agent (cid) and act.sub, verified with the JWKS', async () => {
    const token = await adapter().requestToken(request);
    const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
    const { payload } = await jwtVerify(token.accessToken, jwks, {
      issuer: idp.issuer,
      audience: idp.audience,
    });
    expect(payload).toMatchObject({
      cid: 'finance-agent',
      sub: 'finance-agent',
      scp: ['finance.read'],
      act: { sub: '00u1alice' },
    });
  });

  it("an org that wants the token endpoint as aud: 'token-endpoint' works, the reference aud is refused", async () => {
    const token = await adapter(
      { assertionAudience: 'token-endpoint' },
      {},
      documented,
    ).requestToken(request);
    expect(token.accessToken).not.toBe('');
    expect(await failure(adapter({}, {}, documented).requestToken(request))).toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
  });

  it('wrong secret → 401 invalid_client; expired assertion refused', async () => {
    const wrong = await failure(
      adapter({}, { clientSecret: 'wrong-0123456789abcdef0123456789abc' }).requestToken(request),
    );
    expect(wrong).toMatchObject({ status: 401, error: 'invalid_client', vendor: 'okta' });
    const expired = await failure(
      adapter({ clock: { now: () => Date.now() - 3_600_000 } }).requestToken(request),
    );
    expect(expired).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('keeps Okta errorCode and Retry-After on a rate limit', async () => {
    idp.failNext({ status: 429, retryAfter: 1 });
    const error = await failure(adapter().requestToken(request));
    expect(error).toMatchObject({ status: 429, retryAfter: 1, retryable: true });
    expect(error.vendorCodes?.length).toBe(1);
  });

  it('refuses act without sub before any network call', async () => {
    const before = idp.requests.length;
    await expect(adapter().requestToken({ ...request, act: {} as never })).rejects.toThrow(
      'Act claim cannot be empty',
    );
    expect(idp.requests.length).toBe(before);
  });
});
