import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProofKey,
  postToken,
  proof,
  startIdpWithProofKey,
} from '../../test/support/dpop-proof.js';
import { introspectToken } from './introspect-token.js';
import type { LocalIdp } from './local-idp.js';
import { startLocalIdp } from './start-local-idp.js';
import {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  TEST_ACT,
  verifyAccessToken,
} from './token-client.js';

// RFC 9449 §5: the token endpoint takes a `DPoP` proof, binds the access token to its key
// (`cnf.jkt`, §6.1) and answers `token_type: "DPoP"`; a bad proof is `400 invalid_dpop_proof`, and
// with a nonce required, `400 use_dpop_nonce` with a `DPoP-Nonce` (§8).

async function clientCredentials(idp: LocalIdp, dpop?: string) {
  const fields = {
    grant_type: 'client_credentials',
    scope: 'finance.read',
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(agentOf(idp), { aud: idp.issuer, act: TEST_ACT }),
  };
  return postToken(idp, fields, dpop);
}

describe('the local IdP issues DPoP-bound tokens (keycloak)', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'keycloak' });
  });
  afterAll(() => idp?.close());

  it('binds the token to the proof key: token_type DPoP, cnf.jkt, the vendor claims kept', async () => {
    const answer = await clientCredentials(idp, await proof(key, { htu: idp.tokenUrl }));
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('DPoP');
    const { payload } = await verifyAccessToken(idp, answer.json.access_token);
    expect(payload.cnf).toEqual({ jkt: key.jkt });
    expect(payload).toMatchObject({ azp: 'finance-agent', act: TEST_ACT, typ: 'Bearer' });
  });

  it('still issues Bearer tokens without cnf when no proof is sent', async () => {
    const answer = await clientCredentials(idp);
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('Bearer');
    expect(decodeJwt(String(answer.json.access_token)).cnf).toBeUndefined();
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
    const answer = await clientCredentials(idp, made);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_dpop_proof');
    expect(idp.requests.at(-1)?.error).toBe('invalid_dpop_proof');
  });

  it('refuses a proof that is not a JWT, and a replayed one, with 400 invalid_dpop_proof', async () => {
    expect((await clientCredentials(idp, 'not-a-proof')).json.error).toBe('invalid_dpop_proof');
    const once = await proof(key, { htu: idp.tokenUrl });
    expect((await clientCredentials(idp, once)).status).toBe(200);
    const again = await clientCredentials(idp, once);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_dpop_proof');
  });

  it('advertises dpop_signing_alg_values_supported in its metadata', async () => {
    const res = await idp.fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const metadata = (await res.json()) as Record<string, unknown>;
    expect(metadata.dpop_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['ES256', 'RS256', 'PS256', 'EdDSA']),
    );
    expect(metadata.token_endpoint).toBe(idp.tokenUrl);
  });
});

describe('the local IdP with requireDpopNonce (RFC 9449 §8)', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'okta', requireDpopNonce: true });
  });
  afterAll(() => idp?.close());

  it('answers a proof without a nonce 400 use_dpop_nonce with a DPoP-Nonce, then issues', async () => {
    const first = await clientCredentials(idp, await proof(key, { htu: idp.tokenUrl }));
    expect(first.status).toBe(400);
    expect(first.json.error).toBe('use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[\w-]+$/);
    const second = await clientCredentials(
      idp,
      await proof(key, { htu: idp.tokenUrl, nonce: nonce as string }),
    );
    expect(second.status).toBe(200);
    expect(second.json.token_type).toBe('DPoP');
    expect((await verifyAccessToken(idp, second.json.access_token)).payload.cnf).toEqual({
      jkt: key.jkt,
    });
  });

  it('refuses a nonce it did not issue with use_dpop_nonce and a fresh one', async () => {
    const answer = await clientCredentials(
      idp,
      await proof(key, { htu: idp.tokenUrl, nonce: 'made-up' }),
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('use_dpop_nonce');
    expect(answer.headers.get('dpop-nonce')).toMatch(/^[\w-]+$/);
  });

  it('keeps its nonces valid across a signing-key rotation', async () => {
    const first = await clientCredentials(idp, await proof(key, { htu: idp.tokenUrl }));
    const nonce = first.headers.get('dpop-nonce') as string;
    await idp.rotateSigningKey({ overlapSeconds: 60 });
    const second = await clientCredentials(idp, await proof(key, { htu: idp.tokenUrl, nonce }));
    expect(second.status).toBe(200);
  });

  it('refuses a requireDpopNonce that is not a boolean', async () => {
    await expect(
      startLocalIdp({ vendor: 'okta', requireDpopNonce: 'yes' as unknown as boolean }),
    ).rejects.toThrow(/requireDpopNonce must be a boolean/);
  });
});

describe('an opaque DPoP-bound token, introspected (RFC 9449 §6.2)', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'keycloak', accessTokenFormat: 'opaque' });
  });
  afterAll(() => idp?.close());

  it('answers token_type DPoP and cnf.jkt', async () => {
    const answer = await clientCredentials(idp, await proof(key, { htu: idp.tokenUrl }));
    expect(answer.json.token_type).toBe('DPoP');
    const introspected = await introspectToken(idp, String(answer.json.access_token));
    expect(introspected).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
  });
});
