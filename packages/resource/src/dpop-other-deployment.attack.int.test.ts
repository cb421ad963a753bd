import { request as httpsRequest } from 'node:https';
import { createTestCa, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import express from 'express';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW_S } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { accessTokenDigest } from './access-token-digest.js';
import type { DpopOptions } from './dpop-options.js';
import { dualAuth } from './express/index.js';

// Attack (Session 14, dpopreq14): a token and a proof the client made for deployment A but never
// sent (or A refused for another reason), replayed within proofMaxAgeSeconds at deployment B of
// the same API, which keeps its own replay store, with A's Host header. Without
// dpop.publicBaseUrl B compares htu (RFC 9449 §4.3 point 9) with the URL the Host header names,
// so it admits it, as the guard's start-up warning says; with it, B refuses.

let ca: Awaited<ReturnType<typeof createTestCa>>;
let idpKey: Awaited<ReturnType<typeof createSigningKey>>;
let token: string;
let proofForA: string;
let deploymentA: TestHttpsServer;
const deployments: TestHttpsServer[] = [];

async function deployment(dpop: DpopOptions, logger = recordingLogger()) {
  const app = express();
  app.get(
    '/api/balance',
    dualAuth({ ...keycloakGuardOptions(idpKey.publicJwk), logger, dpop }),
    (_req, res) => {
      res.json({ balance: 42 });
    },
  );
  const server = await startHttpsServer(app, { ca });
  deployments.push(server);
  return server;
}

beforeAll(async () => {
  ca = await createTestCa();
  idpKey = await createSigningKey('idp-1');
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  token = await accessToken('keycloak', idpKey, {
    cnf: { jkt: await calculateJwkThumbprint(jwk, 'sha256') },
  });
  deploymentA = await deployment({});
  proofForA = await new SignJWT({
    jti: crypto.randomUUID(),
    htm: 'GET',
    htu: `${deploymentA.url}/api/balance`,
    iat: NOW_S,
    ath: await accessTokenDigest(token),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(pair.privateKey);
});

afterAll(async () => {
  await Promise.all(deployments.map((server) => server.close()));
});

// The proof made for A, sent to `server` with A's Host header (fetch would not send that Host).
function replayAt(server: TestHttpsServer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${server.url}/api/balance`,
      {
        ca: ca.caPem,
        agent: false,
        headers: {
          host: new URL(deploymentA.url).host,
          authorization: `DPoP ${token}`,
          dpop: proofForA,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('a proof made for deployment A, replayed at deployment B with its own replay store', () => {
  it('is admitted by a B without publicBaseUrl, which warned of it at creation', async () => {
    const logger = recordingLogger();
    const b = await deployment({}, logger);
    expect(logger.events.map((entry) => entry.event)).toContain('dpop_htu_from_request_host');
    expect((await replayAt(b)).status).toBe(200);
  });

  it('is refused dpop_proof.binding_mismatch (htu) by a B with publicBaseUrl', async () => {
    const logger = recordingLogger();
    const b = await deployment({ publicBaseUrl: 'https://b.api.example.com' }, logger);
    const answer = await replayAt(b);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error).toBe('invalid_dpop_proof');
    expect(logger.events.map((entry) => entry.fields?.reason)).toContain(
      'dpop_proof.binding_mismatch',
    );
    expect(logger.events.map((entry) => entry.event)).not.toContain('dpop_htu_from_request_host');
  });
});
