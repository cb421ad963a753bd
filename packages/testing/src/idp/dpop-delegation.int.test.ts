import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProofKey,
  postToken,
  proof,
  startIdpWithProofKey,
} from '../../test/support/dpop-proof.js';
import { ID_JAG_TYP, TOKEN_EXCHANGE_GRANT } from './delegation-grants.js';
import type { LocalIdp } from './local-idp.js';
import { agentOf, clientAssertion, JWT_BEARER, verifyAccessToken } from './token-client.js';

// RFC 9449 §5 binds a token from any grant at the token endpoint: token exchange (RFC 8693) and
// jwt-bearer (RFC 7523: on-behalf-of, ID-JAG redemption) bind to the proof's key as client
// credentials do, with the same proof check, nonces and replay refusal.

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// A token request authenticated with the agent's client assertion.
async function post(idp: LocalIdp, fields: Record<string, string>, dpop?: string) {
  const assertion = await clientAssertion(agentOf(idp), { aud: idp.issuer });
  return postToken(
    idp,
    { ...fields, client_assertion_type: JWT_BEARER, client_assertion: assertion },
    dpop,
  );
}

async function exchange(idp: LocalIdp, dpop?: string, extra: Record<string, string> = {}) {
  const fields = {
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: await idp.issueSubjectToken({ human: 'alice' }),
    subject_token_type: ACCESS_TOKEN_TYPE,
    scope: 'finance.read',
    ...extra,
  };
  return post(idp, fields, dpop);
}

describe('DPoP on the delegation grants (oauth shape)', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'oauth' });
  });
  afterAll(() => idp?.close());

  it('binds a token-exchange token to the proof key: token_type DPoP, cnf.jkt, act kept', async () => {
    const answer = await exchange(idp, await proof(key, { htu: idp.tokenUrl }));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token_type: 'DPoP', issued_token_type: ACCESS_TOKEN_TYPE });
    const { payload } = await verifyAccessToken(idp, answer.json.access_token);
    expect(payload.cnf).toEqual({ jkt: key.jkt });
    expect(payload.act).toEqual({ sub: 'finance-agent' });
  });

  it('still issues a Bearer token without cnf when no proof is sent', async () => {
    const answer = await exchange(idp);
    expect(answer.json.token_type).toBe('Bearer');
    expect(decodeJwt(String(answer.json.access_token)).cnf).toBeUndefined();
  });

  it('binds an on-behalf-of (jwt-bearer) token', async () => {
    const answer = await post(
      idp,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: await idp.issueSubjectToken({ human: 'alice' }),
        requested_token_use: 'on_behalf_of',
        scope: 'finance.read',
      },
      await proof(key, { htu: idp.tokenUrl }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('DPoP');
    expect(decodeJwt(String(answer.json.access_token)).cnf).toEqual({ jkt: key.jkt });
  });

  it('binds the token an ID-JAG is redeemed for, and refuses to bind the ID-JAG itself', async () => {
    const jagFields = { requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag' };
    const bound = await exchange(idp, await proof(key, { htu: idp.tokenUrl }), {
      ...jagFields,
      audience: idp.issuer,
    });
    expect(bound.status).toBe(400);
    expect(bound.json.error).toBe('invalid_request');
    expect(bound.json.error_description).toMatch(/ID-JAG is not bound to a DPoP key/);

    const jag = await exchange(idp, undefined, { ...jagFields, audience: idp.issuer });
    expect(jag.status).toBe(200);
    const redeemed = await post(
      idp,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: String(jag.json.access_token),
      },
      await proof(key, { htu: idp.tokenUrl }),
    );
    expect(redeemed.status).toBe(200);
    expect(redeemed.json.token_type).toBe('DPoP');
    expect(decodeJwt(String(redeemed.json.access_token)).cnf).toEqual({ jkt: key.jkt });
    expect(ID_JAG_TYP).toBe('oauth-id-jag+jwt');
  });

  it.each([
    ['for another URL (htu)', { htu: 'https://127.0.0.1:1/token' }],
    ['for another method (htm)', { htu: 'x', htm: 'GET' }],
    ['too old (iat)', { htu: 'x', iat: Math.floor(Date.now() / 1000) - 3600 }],
  ])('refuses a proof made %s with 400 invalid_dpop_proof', async (_what, claims) => {
    const made = await proof(key, {
      ...claims,
      htu: claims.htu === 'x' ? idp.tokenUrl : claims.htu,
    });
    const answer = await exchange(idp, made);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_dpop_proof');
  });

  it('refuses a replayed proof with 400 invalid_dpop_proof', async () => {
    const once = await proof(key, { htu: idp.tokenUrl });
    expect((await exchange(idp, once)).status).toBe(200);
    const again = await exchange(idp, once);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_dpop_proof');
  });
});

describe('DPoP on token exchange with requireDpopNonce (keycloak shape)', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'keycloak', requireDpopNonce: true });
  });
  afterAll(() => idp?.close());

  it('answers 400 use_dpop_nonce with a DPoP-Nonce, then binds with the nonce', async () => {
    const first = await exchange(idp, await proof(key, { htu: idp.tokenUrl }));
    expect(first.status).toBe(400);
    expect(first.json.error).toBe('use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce') as string;
    expect(nonce).toMatch(/^[\w-]+$/);
    const second = await exchange(idp, await proof(key, { htu: idp.tokenUrl, nonce }));
    expect(second.status).toBe(200);
    expect(second.json.token_type).toBe('DPoP');
    expect(decodeJwt(String(second.json.access_token)).cnf).toEqual({ jkt: key.jkt });
  });
});
