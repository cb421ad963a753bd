import {
  TEST_ACT as ACT,
  agentOf,
  introspectToken,
  type LocalIdp,
  postToken,
  startLocalIdp,
  verifyAccessToken,
} from '@dual-auth/testing';
import { createLocalJWKSet, decodeJwt, importPKCS8, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A client-credentials request of the app `finance-agent` for the API, with `fields` over it. */
function tokenRequest(idp: LocalIdp, fields: Partial<Record<string, string>> = {}) {
  const agent = agentOf(idp);
  return postToken(
    idp,
    {
      grant_type: 'client_credentials',
      client_id: agent.clientId,
      client_secret: agent.clientSecret,
      scope: `${idp.audience}/.default`,
      ...fields,
    } as Record<string, string>,
    '*/*',
  );
}

describe('local IdP: entraid', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid' });
  });
  afterAll(() => idp.close());

  const request = (fields: Partial<Record<string, string>> = {}) => tokenRequest(idp, fields);

  it('serves tenant paths', () => {
    const tenant = '00000000-0000-4000-8000-0000000000e1';
    expect(idp.issuer).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/${tenant}/$`));
    expect(idp.tokenUrl).toBe(`${idp.issuer}oauth2/v2.0/token`);
    expect(idp.jwksUrl).toBe(`${idp.issuer}discovery/v2.0/keys`);
  });

  it('issues a v1-shaped app token with client_secret_post and no act', async () => {
    const agent = agentOf(idp);
    const res = await request();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String),
    });
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(payload).toMatchObject({
      aud: 'https://api.example.com/finance',
      iss: idp.issuer,
      appid: 'finance-agent',
      appidacr: '1',
      oid: agent.objectId,
      sub: agent.objectId,
      roles: ['FinanceAgent'],
      tid: '00000000-0000-4000-8000-0000000000e1',
      ver: '1.0',
    });
    expect(payload).not.toHaveProperty('act');
    // `expires_in` counts from the minting; `iat` and `nbf` are dated 5 minutes before it.
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3599 + 300);
    expect(payload.nbf).toBe(payload.iat);
  });

  it("dates iat (and nbf) 5 minutes before it mints a token, as Entra ID does: the app's, an on-behalf-of and the human's own", async () => {
    const agent = agentOf(idp);
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const before = nowSeconds();
    const app = (await verifyAccessToken(idp, (await request()).json?.access_token)).payload;
    const human = await idp.issueSubjectToken({ human: 'alice', audience: agent.clientId });
    const onBehalfOf = await request({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion: human,
    });
    const obo = (await verifyAccessToken(idp, onBehalfOf.json?.access_token)).payload;
    const after = nowSeconds();
    const humanClaims = decodeJwt(human);
    expect(idp.iatBackdateSeconds).toBe(300);
    for (const { iat, exp } of [app, obo]) {
      expect(iat).toBeGreaterThanOrEqual(before - 300);
      expect(iat).toBeLessThanOrEqual(after - 300);
      expect(Number(exp) - Number(iat)).toBe(3599 + 300);
    }
    expect(obo.nbf).toBe(obo.iat);
    expect(humanClaims.iat).toBeGreaterThanOrEqual(before - 300);
    expect(humanClaims.iat).toBeLessThanOrEqual(after - 300);
    expect(Number(humanClaims.exp) - Number(humanClaims.iat)).toBe(600 + 300);
  });

  it('refuses a wrong secret with 401 invalid_client and AADSTS7000215', async () => {
    const res = await request({ client_secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'invalid_client',
      error_description: expect.stringMatching(/^AADSTS7000215: /),
      error_codes: [7000215],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      error_uri: expect.any(String),
    });
  });

  it('refuses a scope without /.default and an unknown resource', async () => {
    const plain = await request({ scope: 'https://api.example.com/finance/read' });
    expect(plain.status).toBe(400);
    expect(plain.json).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const unknown = await request({ scope: 'https://other.example/.default' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  it("provides the app's RSA key pair: the act assertion signed with it verifies with its JWKS", async () => {
    const key = await importPKCS8(idp.app.privateKeyPem, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ act: ACT })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer('finance-agent')
      .setSubject('finance-agent')
      .setAudience(idp.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(crypto.randomUUID())
      .sign(key);
    const { payload } = await jwtVerify(assertion, createLocalJWKSet(idp.app.jwks as never), {
      audience: idp.audience,
    });
    expect(payload.act).toEqual(ACT);
    expect(idp.app.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(idp.app.publicJwk).not.toHaveProperty('d');
  });

  it('gives the reference env variables, with the app key as PEM', () => {
    expect(idp.env()).toEqual({
      DUAL_AUTH_VENDOR: 'entraid',
      ENTRAID_TOKEN_URL: idp.tokenUrl,
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: agentOf(idp).clientSecret,
      API_SCOPE: 'https://api.example.com/finance/.default',
      APP_ID: 'finance-agent',
      APP_PRIVATE_KEY: idp.app.privateKeyPem,
      API_AUDIENCE: 'https://api.example.com/finance',
    });
    expect(idp.app.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  // Mend (Session 20, mend20): the user's own tokens carried the UPN in `sub`. Entra ID's ID token
  // `sub` is pairwise, unique to the app; the UPN is only `preferred_username` (v2.0 ID token) or
  // `upn` (v1.0 access token); `oid` is the same in every app.
  it('names the user of her own tokens by a pairwise sub and oid, the UPN only for display', async () => {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const idToken = async (clientId: string) =>
      decodeJwt(await idp.issueSubjectToken({ human: 'alice', kind: 'id', clientId }));
    const forWebApp = await idToken('web-app');
    expect(forWebApp).toMatchObject({
      oid: alice?.oid,
      preferred_username: alice?.sub,
      ver: '2.0',
      aud: 'web-app',
    });
    expect(forWebApp.sub).toMatch(/^[\w-]{43}$/);
    expect(forWebApp.sub).not.toBe(alice?.sub);
    expect(forWebApp.sub).not.toBe(alice?.oid);
    expect((await idToken('web-app')).sub).toBe(forWebApp.sub);
    expect((await idToken('other-app')).sub).not.toBe(forWebApp.sub);
    const access = decodeJwt(await idp.issueSubjectToken({ human: 'alice' }));
    expect(access).toMatchObject({ oid: alice?.oid, upn: alice?.sub, ver: '1.0' });
    expect(access.sub).not.toBe(alice?.sub);
  });

  it("names the user of an on-behalf-of token by oid and by a sub of the API's own, as Entra does", async () => {
    const agent = agentOf(idp);
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const onBehalfOf = async () => {
      const res = await request({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        assertion: await idp.issueSubjectToken({ human: 'alice', audience: agent.clientId }),
      });
      expect(res.status).toBe(200);
      return (await verifyAccessToken(idp, res.json?.access_token)).payload;
    };
    const first = await onBehalfOf();
    expect(first).toMatchObject({ oid: alice?.oid, idtyp: 'user', appid: agent.clientId });
    // Pairwise: neither the UPN the session names her by nor her oid, the same in every token.
    expect(first.sub).toMatch(/^[\w-]{43}$/);
    expect(first.sub).not.toBe(alice?.sub);
    expect(first.sub).not.toBe(alice?.oid);
    expect((await onBehalfOf()).sub).toBe(first.sub);
  });

  it('knows its humans by sub or object id', () => {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    expect(alice?.sub).toBe('alice@contoso.example');
    expect(idp.isHumanAuthorized('alice@contoso.example')).toBe(true);
    expect(idp.isHumanAuthorized(alice?.oid ?? '')).toBe(true);
    expect(idp.isHumanAuthorized('bob@contoso.example')).toBe(false);
  });
});

describe('local IdP: entraid without the backdating (vendor option iatBackdateSeconds: 0)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid', vendorOptions: { iatBackdateSeconds: 0 } });
  });
  afterAll(() => idp.close());

  it('dates iat and nbf when it mints the token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await tokenRequest(idp);
    const { payload } = await verifyAccessToken(idp, res.json?.access_token);
    expect(idp.iatBackdateSeconds).toBe(0);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3599);
    const human = decodeJwt(await idp.issueSubjectToken({ human: 'alice' }));
    expect(human.iat).toBeGreaterThanOrEqual(before);
  });

  it('refuses a backdating that is not a whole number from 0 to 600', async () => {
    for (const iatBackdateSeconds of [-1, 601, 1.5, '300']) {
      await expect(
        startLocalIdp({ vendor: 'entraid', vendorOptions: { iatBackdateSeconds } }),
      ).rejects.toThrow(/^startLocalIdp: iatBackdateSeconds must be a (whole )?number/);
    }
  });
});

describe('local IdP: entraid with opaque tokens (introspection)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid', accessTokenFormat: 'opaque' });
  });
  afterAll(() => idp.close());

  it('dates iat in the introspection answer 5 minutes before the minting, as in its JWTs', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await tokenRequest(idp);
    const answer = await introspectToken(idp, String(res.json?.access_token));
    const after = Math.floor(Date.now() / 1000);
    expect(answer.active).toBe(true);
    expect(answer.iat).toBeGreaterThanOrEqual(before - 300);
    expect(answer.iat).toBeLessThanOrEqual(after - 300);
    expect(Number(answer.exp) - Number(answer.iat)).toBe(3599 + 300);
  });
});
