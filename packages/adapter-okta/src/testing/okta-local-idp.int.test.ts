import {
  TEST_ACT as ACT,
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  postToken,
  startLocalIdp,
  verifyAccessToken,
} from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type OktaLocalIdpOptions, oktaLocalIdp } from './okta-local-idp.js';

const running: LocalIdp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((idp) => idp.close()));
});
async function start(vendorOptions: Partial<OktaLocalIdpOptions> = {}) {
  const idp = await startLocalIdp({ vendor: oktaLocalIdp, vendorOptions });
  running.push(idp);
  return idp;
}
const request = (idp: LocalIdp, assertion: string) =>
  postToken(idp, {
    grant_type: 'client_credentials',
    scope: 'finance.read',
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });

describe('local IdP: okta', () => {
  it('serves a custom authorization server and issues an Okta-shaped token', async () => {
    const idp = await start();
    expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/oauth2\/aus1$/);
    expect(idp.tokenUrl).toBe(`${idp.issuer}/v1/token`);
    expect(idp.jwksUrl).toBe(`${idp.issuer}/v1/keys`);
    const res = await request(
      idp,
      await clientAssertion(agentOf(idp), { aud: idp.issuer, act: ACT }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: expect.any(String),
      scope: 'finance.read',
    });
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload).toMatchObject({
      ver: 1,
      iss: idp.issuer,
      aud: 'https://api.example.com/finance',
      cid: 'finance-agent',
      scp: ['finance.read'],
      sub: 'finance-agent',
      act: ACT,
    });
    expect(payload.jti).toMatch(/^AT\./);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
  });

  it("introspects at Okta's /v1/introspect and revokes at /v1/revoke (opaque tokens)", async () => {
    const idp = await start();
    expect(idp.introspectionUrl).toBe(`${idp.issuer}/v1/introspect`);
    expect(idp.revocationUrl).toBe(`${idp.issuer}/v1/revoke`);
    const opaque = await startLocalIdp({ vendor: oktaLocalIdp, accessTokenFormat: 'opaque' });
    running.push(opaque);
    const issued = await request(
      opaque,
      await clientAssertion(agentOf(opaque), { aud: opaque.issuer, act: ACT }),
    );
    const token = String(issued.json?.access_token);
    const { clientId, clientSecret } = opaque.apiClient;
    const introspect = () =>
      opaque.fetch(opaque.introspectionUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        },
        body: new URLSearchParams({ token }).toString(),
      });
    const answer = await introspect();
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ active: true, act: ACT });
  });

  it('leaves act out when the assertion has none', async () => {
    const idp = await start();
    const res = await request(idp, await clientAssertion(agentOf(idp), { aud: idp.issuer }));
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload).not.toHaveProperty('act');
  });

  it('accepts both assertion audiences by default, and only the one chosen otherwise', async () => {
    const both = await start();
    const agent = agentOf(both);
    expect((await request(both, await clientAssertion(agent, { aud: both.issuer }))).status).toBe(
      200,
    );
    expect((await request(both, await clientAssertion(agent, { aud: both.tokenUrl }))).status).toBe(
      200,
    );

    const issuerOnly = await start({ assertionAudience: 'issuer' });
    const a1 = agentOf(issuerOnly);
    expect(
      (await request(issuerOnly, await clientAssertion(a1, { aud: issuerOnly.issuer }))).status,
    ).toBe(200);
    const refused = await request(
      issuerOnly,
      await clientAssertion(a1, { aud: issuerOnly.tokenUrl }),
    );
    expect(refused.status).toBe(401);
    expect(issuerOnly.requests.at(-1)?.errorDetail).toMatch(/audience/);

    const endpointOnly = await start({ assertionAudience: 'token-endpoint' });
    const a2 = agentOf(endpointOnly);
    expect(
      (await request(endpointOnly, await clientAssertion(a2, { aud: endpointOnly.tokenUrl })))
        .status,
    ).toBe(200);
    expect(
      (await request(endpointOnly, await clientAssertion(a2, { aud: endpointOnly.issuer }))).status,
    ).toBe(401);
  });

  it('answers OAuth errors with error/error_description and rate limits with errorCode', async () => {
    const idp = await start();
    const agent = agentOf(idp);
    const wrong = await request(
      idp,
      await clientAssertion(agent, { aud: idp.issuer, secret: 'nope' }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: 'invalid_client',
      error_description: 'The client_assertion token is invalid or the client is unknown.',
    });
    const expired = await request(
      idp,
      await clientAssertion(agent, { aud: idp.issuer, iat: Math.floor(Date.now() / 1000) - 900 }),
    );
    expect(expired.status).toBe(401);

    idp.failNext({ status: 429, retryAfter: 1 });
    const limited = await request(idp, await clientAssertion(agent, { aud: idp.issuer }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json).toMatchObject({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
    });
  });

  it('takes its authorization server id and gives the reference env variables', async () => {
    const idp = await start({ authorizationServerId: 'ausFinance' });
    expect(idp.issuer).toMatch(/\/oauth2\/ausFinance$/);
    expect(idp.env()).toEqual({
      DUAL_AUTH_VENDOR: 'okta',
      OKTA_TOKEN_URL: idp.tokenUrl,
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: agentOf(idp).clientSecret,
      API_AUDIENCE: 'https://api.example.com/finance',
    });
  });
});
