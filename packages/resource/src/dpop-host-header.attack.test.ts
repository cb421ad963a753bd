import { request as httpRequest } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { proofFor, proofKey } from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { runningApp } from '../test/support/running-app.js';
import { accessToken, createSigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';

// Someone holding a DPoP-bound token and an unused proof made for GET /api/balance (RFC 9449
// §11.1: htu limits where a stolen proof works) writes the Host header so that the URL the guard
// compares htu with names /api/balance, while the app routes the request to /admin/delete.
// Express and Fastify build that URL as `${protocol}://${Host}${path}`: a Host of
// `api.example.com/api/balance?` makes the real path its query.

const idpKey = await createSigningKey('idp-1');
const key = await proofKey();
const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });
const HTU = 'http://api.example.com/api/balance';

// A raw request: fetch would not send such a Host header.
function send(
  url: string,
  path: string,
  host: string,
  proof: string,
  more: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      `${url}${path}`,
      { headers: { host, authorization: `DPoP ${token}`, dpop: proof, ...more } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

const guardWith = (dpop: NonNullable<DualAuthGuardOptions['dpop']>) =>
  createDualAuthGuard({ ...keycloakGuardOptions(idpKey.publicJwk), dpop });

async function expressApp(dpop: NonNullable<DualAuthGuardOptions['dpop']>) {
  const app = express();
  app.use(expressDualAuth(guardWith(dpop)));
  app.get('/api/balance', (_q, r) => r.json({ reached: 'balance' }));
  app.get('/admin/delete', (_q, r) => r.json({ reached: 'admin' }));
  return runningApp(app.listen(0, '127.0.0.1'));
}

async function fastifyApp(dpop: NonNullable<DualAuthGuardOptions['dpop']>) {
  const app = Fastify();
  app.addHook('onRequest', fastifyDualAuth(guardWith(dpop)));
  app.get('/api/balance', async () => ({ reached: 'balance' }));
  app.get('/admin/delete', async () => ({ reached: 'admin' }));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
}

describe.each([
  ['Express', expressApp],
  ['Fastify', fastifyApp],
])('attack: %s, a Host header that carries a path', (_name, start) => {
  it.each([
    ['without publicBaseUrl', {}, HTU],
    [
      'with publicBaseUrl',
      { publicBaseUrl: 'https://api.example.com' },
      'https://api.example.com/api/balance',
    ],
  ])('refuses a proof for /api/balance at /admin/delete (%s)', async (_what, dpop, htu) => {
    const running = await start(dpop);
    try {
      // The proof is good where it was made for.
      expect(
        await send(
          running.url,
          '/api/balance',
          'api.example.com',
          await proofFor(key, token, { htu }),
        ),
      ).toBe(200);
      for (const host of [
        'api.example.com/api/balance?',
        'api.example.com/api/balance#',
        'api.example.com\\api\\balance?',
      ]) {
        const proof = await proofFor(key, token, { htu });
        expect(await send(running.url, '/admin/delete', host, proof)).toBe(401);
      }
    } finally {
      await running.close();
    }
  });
});

describe('attack: Express behind a trusted proxy, an X-Forwarded-Proto that carries a URL', () => {
  it('refuses a proof for /api/balance at /admin/delete', async () => {
    const app = express();
    app.set('trust proxy', true);
    app.use(expressDualAuth(guardWith({})));
    app.get('/admin/delete', (_q, r) => r.json({ reached: 'admin' }));
    const running = await runningApp(app.listen(0, '127.0.0.1'));
    try {
      const proof = await proofFor(key, token, { htu: HTU });
      const proto = { 'x-forwarded-proto': 'http://api.example.com/api/balance?' };
      expect(await send(running.url, '/admin/delete', 'api.example.com', proof, proto)).toBe(401);
    } finally {
      await running.close();
    }
  });
});
