import type { IncomingMessage, ServerResponse } from 'node:http';
import { InMemoryReplayStore } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBalance } from '../test/support/dpop-client-call.js';
import { accessToken, dpopFixture, fixedClock, NOW_S } from '../test/support/dpop-fixture.js';
import { keycloakVerifyOptions } from '../test/support/keycloak-guard-options.js';
import { accessTokenDigest } from './access-token-digest.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import {
  type VerifyDualSubjectRequestOptions,
  verifyDualSubjectRequest,
} from './verify-dual-subject-request.js';

// Feature (Session 14, dpopreq14): the framework-free verifier checks DPoP proofs with the guard's
// code path (RFC 9449 §4.3, §6.1, §7.1): a plain Node HTTPS server on loopback turns each request
// into a Web Request and calls verifyDualSubjectRequest; the client is @dual-auth/client with its
// dpopProof maker, the token signed by the kit's IdP key.

// A plain Node server's request as a Web Request: what a custom server without our middlewares does.
function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  return new Request(`https://${req.headers.host}${req.url}`, {
    method: req.method ?? 'GET',
    headers,
  });
}

function serve(options: VerifyDualSubjectRequestOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const subject = await verifyDualSubjectRequest(webRequest(req), options);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ agent: subject.agent.id, human: subject.human.sub }));
    } catch (error) {
      if (!DualSubjectVerificationError.isInstance(error)) throw error;
      res.writeHead(error.reason === 'replay_store_unavailable' ? 503 : 401, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ reason: error.auditReason }));
    }
  };
}

type Maker = (request: { url: string; method: string; accessToken: string }) => Promise<string>;

const {
  idpKey,
  key: { privateKey, jwk },
  token: bound,
} = await dpopFixture();

describe('verifyDualSubjectRequest with dpop, behind a plain Node HTTPS server', () => {
  let api: TestHttpsServer;
  const proofs: string[] = [];

  beforeAll(async () => {
    const verify = keycloakVerifyOptions(idpKey.publicJwk);
    api = await startHttpsServer(
      serve({
        ...verify,
        dpop: { replayStore: new InMemoryReplayStore({ clock: fixedClock }) },
      }),
    );
  });
  afterAll(() => api.close());

  // The client's dpopProof maker, signing what it is asked to (or `htu` given here).
  const maker =
    (htu?: string): Maker =>
    async (request) => {
      const proof = await new SignJWT({
        jti: crypto.randomUUID(),
        htm: request.method,
        htu: htu ?? request.url,
        iat: NOW_S,
        ath: await accessTokenDigest(request.accessToken),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(privateKey);
      proofs.push(proof);
      return proof;
    };

  async function call(token: string, tokenType: string, dpopProof?: Maker) {
    const response = await callBalance(api, token, tokenType, dpopProof);
    return { status: response.status, body: await response.json() };
  }

  it('admits a DPoP-bound token with a proof per request, twice', async () => {
    for (const _ of [1, 2]) {
      expect(await call(bound, 'DPoP', maker())).toEqual({
        status: 200,
        body: { agent: 'finance-agent', human: 'user-123' },
      });
    }
  });

  it('refuses a proof sent again: dpop_proof.replayed (RFC 9449 §11.1)', async () => {
    const used = proofs[0] as string;
    expect(await call(bound, 'DPoP', async () => used)).toEqual({
      status: 401,
      body: { reason: 'dpop_proof.replayed' },
    });
  });

  it('refuses a proof made for another URL: dpop_proof.binding_mismatch (htu, §4.3 point 9)', async () => {
    expect(await call(bound, 'DPoP', maker('https://other.example/api/balance'))).toEqual({
      status: 401,
      body: { reason: 'dpop_proof.binding_mismatch' },
    });
  });

  it('refuses the bound token sent as Bearer, as the guard does (§7.2)', async () => {
    expect(await call(bound, 'Bearer')).toEqual({
      status: 401,
      body: { reason: 'access_token.binding_mismatch' },
    });
  });

  it('refuses a token without cnf sent with the DPoP scheme and a valid proof', async () => {
    const plain = await accessToken('keycloak', idpKey);
    expect(await call(plain, 'DPoP', maker())).toEqual({
      status: 401,
      body: { reason: 'access_token.binding_mismatch' },
    });
    expect(await call(plain, 'Bearer')).toMatchObject({ status: 200 });
  });
});
