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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('local IdP: keycloak', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
  });
  afterAll(() => idp.close());

  const request = async (assertion: string, scope = 'finance.read x') =>
    postToken(idp, {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    });

  it('serves the realm paths', () => {
    expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/realms\/agbac$/);
    expect(idp.tokenUrl).toBe(`${idp.issuer}/protocol/openid-connect/token`);
    expect(idp.jwksUrl).toBe(`${idp.issuer}/protocol/openid-connect/certs`);
    // The API's client id, as an Audience mapper writes it; never `account` (README).
    expect(idp.audience).toBe('finance-api');
  });

  it('issues a Keycloak-shaped token with act copied, client identified from the assertion alone', async () => {
    const agent = agentOf(idp);
    const res = await request(await clientAssertion(agent, { aud: idp.issuer, act: ACT }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.any(String),
      expires_in: 300,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email finance.read',
    });
    const { payload, header } = await verifyAccessToken(idp, res.json?.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: 'finance-api',
      sub: agent.objectId,
      typ: 'Bearer',
      azp: 'finance-agent',
      preferred_username: 'service-account-finance-agent',
      realm_access: { roles: ['FinanceAgent', 'default-roles-agbac'] },
      scope: 'profile email finance.read',
      act: ACT,
    });
    expect(agent.objectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(300);
  });

  it('writes account beside the API in aud with accountAudience, as a default realm does', async () => {
    const realm = await startLocalIdp({
      vendor: 'keycloak',
      vendorOptions: { accountAudience: true },
    });
    try {
      const res = await postToken(realm, {
        grant_type: 'client_credentials',
        scope: 'finance.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(agentOf(realm), { aud: realm.issuer, act: ACT }),
      });
      const { payload } = await verifyAccessToken(realm, res.json?.access_token);
      expect(payload.aud).toEqual(['finance-api', 'account']);
      expect(realm.audience).toBe('finance-api');
    } finally {
      await realm.close();
    }
  });

  it('accepts the token endpoint URL as assertion audience too', async () => {
    const res = await request(await clientAssertion(agentOf(idp), { aud: idp.tokenUrl, act: ACT }));
    expect(res.status).toBe(200);
  });

  it('refuses a wrong secret with 401 invalid_client', async () => {
    const res = await request(
      await clientAssertion(agentOf(idp), { aud: idp.issuer, secret: 'not-the-secret', act: ACT }),
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'invalid_client',
      error_description: 'Invalid client or Invalid client credentials',
    });
  });

  it('refuses an expired assertion, a wrong audience and a replayed jti', async () => {
    const agent = agentOf(idp);
    const past = Math.floor(Date.now() / 1000) - 600;
    const expired = await request(await clientAssertion(agent, { aud: idp.issuer, iat: past }));
    expect(expired.status).toBe(401);
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/exp/);

    const wrongAud = await request(
      await clientAssertion(agent, { aud: 'https://elsewhere.example/realms/agbac' }),
    );
    expect(wrongAud.status).toBe(401);
    expect(wrongAud.json?.error).toBe('invalid_client');
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/aud/);

    const once = await clientAssertion(agent, { aud: idp.issuer, jti: 'same-jti' });
    expect((await request(once)).status).toBe(200);
    const replayed = await request(once);
    expect(replayed.status).toBe(401);
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/only be used once/);
  });

  it('grants an agent without the scope a token without it, so the API can deny', async () => {
    const intern = agentOf(idp, 'intern-agent');
    const res = await request(await clientAssertion(intern, { aud: idp.issuer, act: ACT }));
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload.scope).toBe('profile email');
    expect(payload.realm_access).toEqual({ roles: ['default-roles-agbac'] });
  });

  it('records the request as it came over the wire', async () => {
    const agent = agentOf(idp);
    await request(await clientAssertion(agent, { aud: idp.issuer, act: ACT }));
    const record = idp.requests.at(-1);
    expect(record?.form.map(([k]) => k)).toEqual([
      'grant_type',
      'scope',
      'client_assertion_type',
      'client_assertion',
    ]);
    expect(record?.headers.accept).toBe('application/json');
    expect(record?.assertion?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(record?.assertion?.claims ?? {})).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'jti',
      'act',
    ]);
    expect(record?.status).toBe(200);
  });

  it('gives the reference env variables', () => {
    const agent = agentOf(idp);
    expect(idp.env()).toEqual({
      DUAL_AUTH_VENDOR: 'keycloak',
      KEYCLOAK_TOKEN_URL: idp.tokenUrl,
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: agent.clientSecret,
    });
  });
});
