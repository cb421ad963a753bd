import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  postToken,
  startLocalIdp,
} from '../index.js';

const HUMAN = { sub: 'human-alice' };

async function opaqueToken(idp: LocalIdp): Promise<string> {
  const answer = await postToken(idp, {
    grant_type: 'client_credentials',
    scope: 'finance.read',
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(agentOf(idp), { aud: idp.issuer, act: HUMAN }),
  });
  expect(answer.status).toBe(200);
  return String(answer.json?.access_token);
}

async function post(idp: LocalIdp, url: string, fields: Record<string, string>, basic?: string) {
  const res = await idp.fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic === undefined ? {} : { authorization: `Basic ${basic}` }),
    },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

function basicOf(idp: LocalIdp): string {
  const { clientId, clientSecret } = idp.apiClient;
  return btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
}

describe('local IdP: opaque tokens, introspection and revocation', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
  }, 60_000);
  afterAll(() => idp?.close());

  it('issues an opaque token that introspection reads with the agent and the human', async () => {
    const token = await opaqueToken(idp);
    expect(token.split('.')).toHaveLength(1);
    const answer = await post(idp, idp.introspectionUrl, { token }, basicOf(idp));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      active: true,
      client_id: 'finance-agent',
      act: HUMAN,
      iss: idp.issuer,
      aud: idp.audience,
      scope: 'finance.read',
    });
    expect(typeof answer.json.exp).toBe('number');
  });

  it('introspects with private_key_jwt as well', async () => {
    const token = await opaqueToken(idp);
    const { clientId, privateKey } = idp.apiKeyClient;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(idp.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const answer = await post(idp, idp.introspectionUrl, {
      token,
      client_id: clientId,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    });
    expect(answer.json).toMatchObject({ active: true, act: HUMAN });
  });

  it('revokes a token (RFC 7009): introspection then says inactive, and the log shows it', async () => {
    const token = await opaqueToken(idp);
    const kept = await opaqueToken(idp);
    const agent = agentOf(idp);
    const revoked = await post(idp, idp.revocationUrl, {
      token,
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(agent, { aud: idp.issuer }),
    });
    expect(revoked.status).toBe(200);
    expect((await post(idp, idp.introspectionUrl, { token }, basicOf(idp))).json).toEqual({
      active: false,
    });
    expect(
      (await post(idp, idp.introspectionUrl, { token: kept }, basicOf(idp))).json,
    ).toMatchObject({ active: true });
    const entries = idp.tokens.filter((entry) => entry.clientId === 'finance-agent');
    expect(entries.filter((entry) => entry.revoked).map((entry) => entry.tokenId)).toEqual([token]);
    expect(entries.find((entry) => entry.tokenId === kept)).toMatchObject({
      revoked: false,
      human: HUMAN.sub,
    });
  });

  it('refuses introspection to a caller that does not authenticate', async () => {
    const token = await opaqueToken(idp);
    const answer = await post(idp, idp.introspectionUrl, { token });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
  });
});
