import {
  TEST_ACT as ACT,
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  type LocalIdpAgent,
  postToken,
  startLocalIdp,
  verifyAccessToken,
} from '@dual-auth/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const form = (idp: LocalIdp, agent: LocalIdpAgent, assertion: string, audience = idp.audience) => ({
  grant_type: 'client_credentials',
  client_id: agent.clientId,
  audience,
  client_assertion_type: JWT_BEARER,
  client_assertion: assertion,
});

describe('local IdP: auth0', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'auth0' });
  });
  afterAll(() => idp.close());

  it('serves the tenant paths with a trailing-slash issuer', () => {
    expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(idp.tokenUrl).toBe(`${idp.issuer}oauth/token`);
    expect(idp.jwksUrl).toBe(`${idp.issuer}.well-known/jwks.json`);
    expect(idp.apiIdentifier).toBe('https://api.example.com/finance');
  });

  it('issues an Auth0-shaped token; the Action copies act', async () => {
    const agent = agentOf(idp);
    const assertion = await clientAssertion(agent, { aud: idp.issuer, act: ACT });
    const res = await postToken(idp, form(idp, agent, assertion));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.any(String),
      scope: 'read:finance-data',
      expires_in: 86_400,
      token_type: 'Bearer',
    });
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload).toMatchObject({
      iss: idp.issuer,
      sub: 'finance-agent@clients',
      aud: 'https://api.example.com/finance',
      azp: 'finance-agent',
      gty: 'client-credentials',
      scope: 'read:finance-data',
      permissions: ['read:finance-data'],
      act: ACT,
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(86_400);
  });

  it('leaves act out when it has no sub, as the Action does', async () => {
    const agent = agentOf(idp);
    const assertion = await clientAssertion(agent, { aud: idp.issuer, act: { email: 'a@x.com' } });
    const res = await postToken(idp, form(idp, agent, assertion));
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload).not.toHaveProperty('act');
  });

  it('refuses a wrong secret, expired assertion and wrong aud with 401 invalid_client', async () => {
    const agent = agentOf(idp);
    const bad = [
      await clientAssertion(agent, { aud: idp.issuer, secret: 'wrong', act: ACT }),
      await clientAssertion(agent, { aud: idp.issuer, iat: Math.floor(Date.now() / 1000) - 900 }),
      await clientAssertion(agent, { aud: 'https://tenant.auth0.example/' }),
    ];
    for (const assertion of bad) {
      const res = await postToken(idp, form(idp, agent, assertion));
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
    }
  });

  it('refuses an unknown audience with 403 access_denied, like Auth0', async () => {
    const agent = agentOf(idp);
    const assertion = await clientAssertion(agent, { aud: idp.issuer });
    const res = await postToken(idp, form(idp, agent, assertion, 'https://other.example/api'));
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: 'access_denied',
      error_description: 'Service not found: https://other.example/api',
    });
  });

  it('gives the reference env variables', () => {
    expect(idp.env()).toEqual({
      DUAL_AUTH_VENDOR: 'auth0',
      AUTH0_TOKEN_URL: idp.tokenUrl,
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: agentOf(idp).clientSecret,
      API_AUDIENCE: 'https://api.example.com/finance',
    });
  });
});

describe('local IdP: auth0 strict (a real tenant: private_key_jwt only)', () => {
  let idp: LocalIdp;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    idp = await startLocalIdp({ vendor: 'auth0', vendorOptions: { strict: true } });
    idp.addAgent({
      clientId: 'keyed-agent',
      permissions: ['read:finance-data'],
      publicJwk: await exportJWK(pair.publicKey),
    });
  });
  afterAll(() => idp.close());

  it('accepts an ES256 private_key_jwt assertion', async () => {
    const agent = agentOf(idp, 'keyed-agent');
    const assertion = await clientAssertion(agent, {
      aud: idp.issuer,
      key: privateKey,
      alg: 'ES256',
      act: ACT,
    });
    const res = await postToken(idp, form(idp, agent, assertion));
    expect(res.status).toBe(200);
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload).toMatchObject({ sub: 'keyed-agent@clients', act: ACT });
  });

  it("refuses the reference's HS256 client_secret_jwt", async () => {
    const agent = agentOf(idp);
    const assertion = await clientAssertion(agent, { aud: idp.issuer, act: ACT });
    const res = await postToken(idp, form(idp, agent, assertion));
    expect(res.status).toBe(401);
    expect(res.json?.error).toBe('invalid_client');
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/private_key_jwt/);
  });
});
