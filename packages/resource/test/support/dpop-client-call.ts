import { type DpopProofMaker, InSessionApiCall } from '@dual-auth/client';
import { createDualSubjectToken } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import express from 'express';
import { SignJWT } from 'jose';
import { accessTokenDigest } from '../../src/access-token-digest.js';
import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { dualAuth } from '../../src/express/index.js';
import { type ProofKey, proofKey } from './dpop-proof-kit.js';
import { keycloakGuardOptions } from './keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW_S } from './token-kit.js';

/**
 * `@dual-auth/client`'s call of `GET <api>/api/balance?currency=EUR` with `token` as `tokenType`
 * (`'DPoP'` or `'Bearer'`), and with `dpopProof` a proof per request from that maker.
 */
export function callBalance(
  api: TestHttpsServer,
  token: string,
  tokenType: string,
  dpopProof?: DpopProofMaker,
): Promise<Response> {
  return new InSessionApiCall({ allowInsecureLoopback: true, fetch: api.fetch }).callApi({
    apiUrl: `${api.url}/api/balance?currency=EUR`,
    tokenResponse: createDualSubjectToken({
      accessToken: token,
      tokenType,
      expiresIn: 3600,
      scope: 'finance.read',
      issuedAt: Date.now(),
    }),
    identity: { agentId: 'finance-agent', humanId: 'user-123' },
    throwHttpErrors: false,
    ...(dpopProof === undefined ? {} : { dpopProof }),
  });
}

/** An API of {@link startDpopBalanceApi}, the client's DPoP key and the token bound to it. */
export interface DpopBalanceApi {
  api: TestHttpsServer;
  token: string;
  key: ProofKey;
}

/**
 * An Express API over loopback TLS answering `GET /api/balance` behind a guard of the Keycloak
 * test setup checking DPoP proofs (`more` adds guard options), and a token bound to a new DPoP
 * key (`cnf.jkt`, RFC 9449 §6.1), signed by a new test IdP key.
 */
export async function startDpopBalanceApi(
  more: Partial<DualAuthGuardOptions> = {},
): Promise<DpopBalanceApi> {
  const idpKey = await createSigningKey('idp-1');
  const key = await proofKey();
  const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });
  const app = express();
  app.get(
    '/api/balance',
    dualAuth({ ...keycloakGuardOptions(idpKey.publicJwk), ...more, dpop: {} }),
    (_req, res) => {
      res.json({ balance: 42 });
    },
  );
  return { api: await startHttpsServer(app), token, key };
}

/**
 * The proof by `key` of the request the client makes (its method and URL: RFC 9449 §4.2) with
 * `token` (its `ath`), issued at `NOW_S` with a random `jti`; `claims` override or add.
 */
export async function requestProof(
  key: ProofKey,
  token: string,
  request: { url: string; method: string },
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: request.method,
    htu: request.url,
    iat: NOW_S,
    ath: await accessTokenDigest(token),
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);
}
