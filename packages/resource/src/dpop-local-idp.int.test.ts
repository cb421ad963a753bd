import { type DpopProofRequest, InSessionApiCall } from '@dual-auth/client';
import { createDualSubjectToken } from '@dual-auth/core';
import {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  startHttpsServer,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';
import express from 'express';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf } from '../test/support/local-idp-scenario.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { accessTokenDigest } from './access-token-digest.js';
import { dualAuth } from './express/index.js';
import { humanIn } from './subject-checks.js';

// End to end with nothing signed by the test (RFC 9449 §5, §7.1): the agent gets a DPoP-bound
// token from the local Keycloak-shaped IdP with a proof of its key, then the client sends it with
// a proof per request, made by its dpopProof maker, to an Express API over loopback TLS whose
// guard verifies the token at the IdP's JWKS and the proof against the token's cnf.jkt.

interface AgentKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function agentKey(): Promise<AgentKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

/** A DPoP proof (RFC 9449 §4.2); `ath` only for a request that carries the token. */
async function signProof(
  key: AgentKey,
  request: { method: string; url: string; accessToken?: string; nonce?: string | undefined },
): Promise<string> {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: request.method,
    htu: request.url,
    iat: Math.floor(Date.now() / 1000),
    ...(request.accessToken === undefined
      ? {}
      : { ath: await accessTokenDigest(request.accessToken) }),
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);
}

/** The agent's client-credentials request for alice, with a proof of `key` (and `nonce`). */
async function requestDpopToken(idp: LocalIdp, key: AgentKey, nonce?: string) {
  const response = await idp.fetch(idp.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      dpop: await signProof(key, { method: 'POST', url: idp.tokenUrl, nonce }),
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'finance.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(agentOf(idp), {
        aud: idp.issuer,
        act: actOf(idp, 'alice'),
      }),
    }).toString(),
  });
  return {
    status: response.status,
    nonce: response.headers.get('dpop-nonce'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('a DPoP-bound token from the local IdP, sent by the client to a guard with dpop', () => {
  let idp: LocalIdp;
  let api: TestHttpsServer;
  let key: AgentKey;
  let issued: Record<string, unknown>;
  const logger = recordingLogger();

  beforeAll(async () => {
    [idp, key] = await Promise.all([
      startLocalIdp({ vendor: 'keycloak', requireDpopNonce: true }),
      agentKey(),
    ]);
    const app = express();
    app.get(
      '/api/balance',
      dualAuth({
        ...idpGuardOptions(idp),
        humanAllowed: humanIn([actOf(idp, 'alice').sub]),
        logger,
        dpop: {},
      }),
      (_req, res) => {
        res.json({ balance: 42 });
      },
    );
    app.get(
      '/api/payroll',
      dualAuth({ ...idpGuardOptions(idp), humanAllowed: humanIn([]), logger, dpop: {} }),
      (_req, res) => {
        res.json({ payroll: 1 });
      },
    );
    api = await startHttpsServer(app);
    // The IdP asks for a nonce first (RFC 9449 §8); the agent's second proof carries it.
    const first = await requestDpopToken(idp, key);
    expect(first).toMatchObject({ status: 400, body: { error: 'use_dpop_nonce' } });
    const second = await requestDpopToken(idp, key, first.nonce ?? undefined);
    expect(second.status).toBe(200);
    issued = second.body;
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  const call = (
    tokenType: string,
    maker?: (request: DpopProofRequest) => Promise<string>,
    path = '/api/balance',
  ) =>
    new InSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch }).callApi({
      apiUrl: `${api.url}${path}`,
      tokenResponse: createDualSubjectToken({
        accessToken: String(issued.access_token),
        tokenType,
        expiresIn: Number(issued.expires_in),
        scope: String(issued.scope),
        issuedAt: Date.now(),
      }),
      identity: { agentId: 'finance-agent', humanId: 'alice' },
      throwHttpErrors: false,
      ...(maker === undefined ? {} : { dpopProof: maker }),
    });

  it('is issued as token_type DPoP', () => {
    expect(issued.token_type).toBe('DPoP');
  });

  it('is admitted with a proof of the agent key per request, twice', async () => {
    for (const _ of [1, 2]) {
      const response = await call('DPoP', (request) => signProof(key, request));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ balance: 42 });
    }
  });

  // The token is fine but not bound to that key: the guard's answer is about the token (§7.1).
  it('is refused 401 DPoP invalid_token with a proof of another key', async () => {
    const other = await agentKey();
    const response = await call('DPoP', (request) => signProof(other, request));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);
  });

  it('is refused 401 as a bound token when sent as Bearer', async () => {
    const response = await call('Bearer');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  // RFC 9449 §7.1: a request made with the DPoP scheme is answered in that scheme, a 403 too.
  it('is refused 403 DPoP insufficient_scope when the human is not authorized', async () => {
    const response = await call('DPoP', (request) => signProof(key, request), '/api/payroll');
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^DPoP error="insufficient_scope", error_description="[^"]+", algs="[^"]+"$/,
    );
  });

  it('keeps the token out of the log', () => {
    const logged = JSON.stringify(logger.events);
    for (const part of String(issued.access_token).split('.')) {
      expect(logged).not.toContain(part);
    }
  });
});
