import { InSessionApiCall, OutOfSessionApiCall } from '@dual-auth/client';
import {
  createAdapter,
  createDualSubjectToken,
  type DualSubjectToken,
  type IamAdapter,
} from '@dual-auth/core';
import { createDpopProver, type DpopProver } from '@dual-auth/core/dpop';
import {
  type LocalIdp,
  startHttpsServer,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';
import express from 'express';
import { base64url, decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, PLUGINS } from '../test/support/local-idp-scenario.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { dualAuth } from './express/index.js';
import { humanIn } from './subject-checks.js';

// End to end with real parts only (RFC 9449 §5, §7.1, §8): the Keycloak adapter with the `dpop`
// option gets a DPoP-bound token from the local IdP that demands nonces, and the client sends it
// with proofs from the same prover to an Express API whose guard has `dpop`, over loopback TLS.

const AGENT = 'finance-agent';

describe('a DPoP-bound token from the adapter with dpop, sent by the client with the same prover', () => {
  let idp: LocalIdp;
  let api: TestHttpsServer;
  let prover: DpopProver;
  let adapter: IamAdapter;
  let token: DualSubjectToken;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak', requireDpopNonce: true });
    prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const app = express();
    app.get(
      '/api/balance',
      dualAuth({
        ...idpGuardOptions(idp),
        humanAllowed: humanIn([actOf(idp, 'alice').sub]),
        logger: recordingLogger(),
        dpop: {},
      }),
      (_req, res) => {
        res.json({ balance: 42 });
      },
    );
    api = await startHttpsServer(app);
    adapter = await createAdapter(undefined, {
      env: idp.env(AGENT),
      plugins: PLUGINS,
      fetch: idp.fetch,
      dpop: { prover },
    });
    token = await adapter.requestToken({
      agentId: AGENT,
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it('is issued bound to the prover key after one use_dpop_nonce answer (§8)', async () => {
    expect(token.tokenType).toBe('DPoP');
    expect(decodeJwt(token.accessToken).cnf).toEqual({ jkt: await prover.thumbprint() });
    const asked = idp.requests.slice(0, 2);
    expect(asked.map((request) => [request.status, request.error])).toEqual([
      [400, 'use_dpop_nonce'],
      [200, undefined],
    ]);
    expect(decodeJwt(String(asked[1]?.headers.dpop)).nonce).toEqual(expect.any(String));
  });

  it('needs no second nonce answer for the next token: the adapter remembers the nonce', async () => {
    const before = idp.requests.length;
    await adapter.requestToken({
      agentId: AGENT,
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
    expect(idp.requests.slice(before).map((request) => request.status)).toEqual([200]);
  });

  const call = (
    client: InSessionApiCall | OutOfSessionApiCall,
    sent: DualSubjectToken,
    dpopProof?: DpopProver['proof'],
  ) =>
    client.callApi({
      apiUrl: `${api.url}/api/balance`,
      tokenProvider: { getToken: async () => sent },
      identity: { agentId: AGENT, humanId: actOf(idp, 'alice').sub },
      throwHttpErrors: false,
      ...(dpopProof === undefined ? {} : { dpopProof }),
    });

  it.each([
    [
      'InSessionApiCall',
      () => new InSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch }),
    ],
    [
      'OutOfSessionApiCall',
      () => new OutOfSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch }),
    ],
  ])('is admitted by the guard with %s and dpopProof: prover.proof', async (_name, client) => {
    const response = await call(client(), token, prover.proof);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ balance: 42 });
  });

  it('is refused with proofs of another key, and when sent as Bearer', async () => {
    const client = new InSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch });
    const otherKeys = await generateKeyPair('ES256');
    const other = createDpopProver({ keyPair: otherKeys });
    // The prover refuses to prove it (the token's cnf.jkt names another key), so the client sends
    // nothing; the guard is shown it as a caller with a signer of its own would send it.
    await expect(call(client, token, other.proof)).rejects.toThrow(
      /another key than this prover's/,
    );
    const url = `${api.url}/api/balance`;
    const ath = base64url.encode(
      new Uint8Array(
        await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token.accessToken)),
      ),
    );
    const otherProof = await new SignJWT({
      jti: crypto.randomUUID(),
      htm: 'GET',
      htu: url,
      iat: Math.floor(Date.now() / 1000),
      ath,
    })
      .setProtectedHeader({
        alg: 'ES256',
        typ: 'dpop+jwt',
        jwk: await exportJWK(otherKeys.publicKey),
      })
      .sign(otherKeys.privateKey);
    const stolen = await api.fetch(url, {
      headers: { authorization: `DPoP ${token.accessToken}`, dpop: otherProof },
    });
    expect(stolen.status).toBe(401);
    expect(stolen.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);
    const asBearer = createDualSubjectToken({
      accessToken: token.accessToken,
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: token.scope,
      issuedAt: Date.now(),
    });
    const bearer = await call(client, asBearer);
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });
});
