import { type DpopProofRequest, InSessionApiCall } from '@dual-auth/client';
import { createDualSubjectToken, type DualSubjectToken } from '@dual-auth/core';
import {
  type LocalIdp,
  startHttpsServer,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';
import express from 'express';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor } from '../test/support/local-idp-scenario.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { accessTokenDigest } from './access-token-digest.js';
import { dualAuth } from './express/index.js';

// End to end (RFC 9449 §8, §9): `@dual-auth/client` with its `dpopProof` maker calls an Express
// API over loopback TLS whose guards require server nonces. The token comes from the local okta
// IdP (opaque, introspected); as the IdP issues no DPoP-bound tokens, its introspection answer
// gets the `cnf.jkt` of the client's key (§6.2), as in dpop-downgrade.attack.int.test.ts.
// Three guards on one origin (the client keeps one nonce per origin): /a and /b share a secret,
// /c has another.

describe('DPoP nonces between the client and Express guards with dpop.nonce, over loopback TLS', () => {
  let idp: LocalIdp;
  let api: TestHttpsServer;
  let token: DualSubjectToken;
  let privateKey: CryptoKey;
  let jwk: JWK;
  const logger = recordingLogger();
  const proofs: { path: string; nonce: string | undefined; proof: string }[] = [];

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    jwk = await exportJWK(pair.publicKey);
    const jkt = await calculateJwkThumbprint(jwk, 'sha256');
    const send: typeof fetch = async (input, init) => {
      const response = await idp.fetch(input as string, init);
      if (String(input) !== idp.introspectionUrl) return response;
      const answer = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...answer, cnf: { jkt } });
    };
    const guardWith = (secret: Uint8Array) =>
      dualAuth({
        ...idpGuardOptions(idp),
        introspection: idpIntrospection(idp, send),
        humanAllowed: () => true,
        logger,
        dpop: { nonce: { secret } },
      });
    const shared = crypto.getRandomValues(new Uint8Array(32));
    const app = express();
    app.get('/a', guardWith(shared), (_req, res) => void res.json({ at: 'a' }));
    app.get('/b', guardWith(new Uint8Array(shared)), (_req, res) => void res.json({ at: 'b' }));
    app.get('/c', guardWith(crypto.getRandomValues(new Uint8Array(32))), (_req, res) => {
      res.json({ at: 'c' });
    });
    api = await startHttpsServer(app);
    const issued = await (await adapterFor(idp, 'finance-agent')).requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
    token = createDualSubjectToken({
      accessToken: issued.accessToken,
      tokenType: 'DPoP',
      expiresIn: 300,
      scope: 'finance.read',
      issuedAt: Date.now(),
    });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  // One client for every call: it keeps the latest nonce of the API's origin.
  let client: InSessionApiCall;
  beforeAll(() => {
    client = new InSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch });
  });
  const maker = async (request: DpopProofRequest) => {
    const proof = await new SignJWT({
      jti: crypto.randomUUID(),
      htm: request.method,
      htu: request.url,
      iat: Math.floor(Date.now() / 1000),
      ath: await accessTokenDigest(request.accessToken),
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .sign(privateKey);
    proofs.push({ path: new URL(request.url).pathname, nonce: request.nonce, proof });
    return proof;
  };
  const call = async (path: string) => {
    const from = proofs.length;
    const response = await client.callApi({
      apiUrl: `${api.url}${path}`,
      tokenResponse: token,
      identity: { agentId: 'finance-agent', humanId: 'alice' },
      throwHttpErrors: false,
      dpopProof: maker,
    });
    return { status: response.status, body: await response.json(), sent: proofs.slice(from) };
  };

  it('first call: use_dpop_nonce, then one retry with the nonce is admitted', async () => {
    const { status, body, sent } = await call('/a');
    expect(status).toBe(200);
    expect(body).toEqual({ at: 'a' });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.nonce).toBeUndefined();
    expect(sent[1]?.nonce).toMatch(/^[\w-]{55}$/);
    expect(logger.events.map((e) => e.fields?.reason).filter(Boolean)).toContain(
      'dpop_proof.missing_claim',
    );
  }, 60_000);

  it("a guard sharing the secret admits the other guard's nonce at the first proof", async () => {
    const nonceOfA = proofs.at(-1)?.nonce;
    const { status, body, sent } = await call('/b');
    expect(status).toBe(200);
    expect(body).toEqual({ at: 'b' });
    expect(sent.map((p) => p.nonce)).toEqual([nonceOfA]);
  }, 60_000);

  it('a guard with another secret refuses that nonce, and admits the retry with its own', async () => {
    const nonceOfA = proofs.at(-1)?.nonce;
    const { status, body, sent } = await call('/c');
    expect(status).toBe(200);
    expect(body).toEqual({ at: 'c' });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.nonce).toBe(nonceOfA);
    expect(sent[1]?.nonce).toMatch(/^[\w-]{55}$/);
    expect(sent[1]?.nonce).not.toBe(nonceOfA);
    const reasons = logger.events.map((e) => e.fields?.reason);
    expect(reasons).toContain('dpop_proof.malformed');
  }, 60_000);

  it('keeps the token, the proofs and the secret-made nonces out of the log', () => {
    const logged = JSON.stringify(logger.events);
    for (const secret of [token.accessToken, ...proofs.map((p) => p.proof)]) {
      for (const part of secret.split('.')) expect(logged).not.toContain(part);
    }
    for (const { nonce } of proofs) if (nonce !== undefined) expect(logged).not.toContain(nonce);
  });
});
