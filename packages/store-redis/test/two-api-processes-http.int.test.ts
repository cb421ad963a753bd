import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { HybridSender } from '@dual-auth/session';
import {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  type LocalRedis,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerKit, type WorkerKit, type WorkerProcess } from './support/worker-process.js';

// The deployment the READMEs describe, attacked: two API processes behind a round-robin proxy on
// loopback, sharing one redis-server (replay claims and cut-offs, @dual-auth/store-redis), a
// Keycloak-shaped local IdP over loopback TLS issuing a DPoP-bound token to the agent. The same
// DPoP proof, and the same act JWT, fired many times at once through the proxy (so at both
// processes): exactly one is admitted. A delegation ended in one process is refused by the other.
const API_WORKER = fileURLToPath(new URL('./workers/http-api-worker.ts', import.meta.url));
const PUBLIC_BASE_URL = 'https://api.example.test';
const AGENT_ENDPOINT = 'https://agent.example.test/invoke';
const COPIES = 40;

interface Answer {
  readonly status: number;
  readonly instance: number;
  readonly reason: string;
}

let redis: LocalRedis;
let idp: LocalIdp;
let kit: WorkerKit;
let apis: WorkerProcess[];
let proxy: Server;
let proxyUrl: string;
let agentKey: { privateKey: CryptoKey; jwk: JWK };

function humanOf(username: string): string {
  const found = [...idp.humans.values()].find((h) => h.username === username);
  if (found === undefined) throw new Error(`local IdP has no ${username}`);
  return found.sub;
}

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(bytes).toString('base64url');
}

/** A DPoP proof of the agent's key (RFC 9449 §4.2), with `ath` when it carries a token. */
async function proof(method: string, url: string, token?: string, nonce?: string | null) {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: method,
    htu: url,
    iat: Math.floor(Date.now() / 1000),
    ...(token === undefined ? {} : { ath: await digest(token) }),
    ...(nonce ? { nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: agentKey.jwk })
    .sign(agentKey.privateKey);
}

/** The agent's DPoP-bound token for `username` (the IdP asks for its nonce first, RFC 9449 §8). */
async function dpopToken(username: string): Promise<string> {
  let nonce: string | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const response: Response = await idp.fetch(idp.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        dpop: await proof('POST', idp.tokenUrl, undefined, nonce),
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'finance.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(agentOf(idp), {
          aud: idp.issuer,
          act: { sub: humanOf(username) },
        }),
      }).toString(),
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.ok && body.access_token !== undefined) return body.access_token;
    nonce = response.headers.get('dpop-nonce');
  }
  throw new Error('the local IdP issued no DPoP-bound token');
}

/** A round-robin proxy in front of `ports`: request i goes to ports[i % ports.length]. */
async function startProxy(ports: readonly number[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length];
    const upstream = forward(
      { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function send(path: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(`${proxyUrl}${path}`, init);
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const balance = async (token: string, dpop?: string) =>
  send('/api/balance', {
    headers: {
      authorization: `DPoP ${token}`,
      dpop: dpop ?? (await proof('GET', `${PUBLIC_BASE_URL}/api/balance`, token)),
    },
  });
const invoke = (actJwt: string) => send('/agent/invoke', { method: 'POST', body: actJwt });

/** How many answers of each status and reason; and how many processes answered. */
function tally(answers: readonly Answer[]) {
  const counts: Record<string, number> = {};
  for (const { status, reason } of answers) {
    counts[`${status} ${reason}`] = (counts[`${status} ${reason}`] ?? 0) + 1;
  }
  return { counts, instances: new Set(answers.map((a) => a.instance)).size };
}

beforeAll(async () => {
  const [keys, ...started] = await Promise.all([
    generateKeyPair('ES256', { extractable: true }),
    startRedisServer(),
    startLocalIdp({ vendor: 'keycloak' }),
    createWorkerKit(),
  ] as const);
  [redis, idp, kit] = started;
  agentKey = { privateKey: keys.privateKey, jwk: await exportJWK(keys.publicKey) };
  const [bundle, ca] = await Promise.all([kit.bundle(API_WORKER), kit.file('ca.pem', idp.caPem)]);
  apis = await kit.start(
    bundle,
    {
      REDIS_URL: redis.url,
      ISSUER: idp.issuer,
      AUDIENCE: idp.audience,
      JWKS_URI: idp.jwksUrl,
      PUBLIC_BASE_URL,
      AGENT_ENDPOINT,
      APP_PUBLIC_KEY: idp.app.publicKeyPem,
      NODE_EXTRA_CA_CERTS: ca,
    },
    2,
  );
  proxy = await startProxy(await Promise.all(apis.map((api) => api.call<number>('port'))));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy?.close();
  await kit?.remove();
  await Promise.all([redis?.close(), idp?.close()]);
});

describe('two API processes behind a round-robin proxy, one Redis', () => {
  it(`admits one of ${COPIES} copies of a DPoP proof sent at once to both processes`, async () => {
    const token = await dpopToken('alice');
    // Fresh proofs pass at both processes: the deployment works.
    expect(tally(await Promise.all([balance(token), balance(token)]))).toEqual({
      counts: { '200 authorized': 2 },
      instances: 2,
    });
    const copy = await proof('GET', `${PUBLIC_BASE_URL}/api/balance`, token);
    const answers = await Promise.all(Array.from({ length: COPIES }, () => balance(token, copy)));
    expect(tally(answers)).toEqual({
      counts: { '200 authorized': 1, '401 dpop_proof.replayed': COPIES - 1 },
      instances: 2,
    });
  });

  it(`accepts one of ${COPIES} copies of an act JWT sent at once to both processes`, async () => {
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: humanOf('bob') },
      agentEndpoint: AGENT_ENDPOINT,
    });
    const answers = await Promise.all(Array.from({ length: COPIES }, () => invoke(actJwt)));
    expect(tally(answers)).toEqual({
      counts: { '200 accepted': 1, '401 replayed': COPIES - 1 },
      instances: 2,
    });
  });

  it('refuses at both processes a delegation ended in one of them', async () => {
    const [token, other] = await Promise.all([dpopToken('alice'), dpopToken('bob')]);
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: humanOf('alice') },
      agentEndpoint: AGENT_ENDPOINT,
    });
    expect(tally(await Promise.all([balance(token), balance(token)])).counts).toEqual({
      '200 authorized': 2,
    });
    await (apis[0] as WorkerProcess).call('end', { sub: humanOf('alice') });
    const after = [await balance(token), await balance(token), await invoke(actJwt)];
    expect(tally(after)).toEqual({
      counts: { '401 access_token.revoked': 2, '401 revoked': 1 },
      instances: 2,
    });
    // Another human's delegation goes on at both.
    expect(tally(await Promise.all([balance(other), balance(other)])).counts).toEqual({
      '200 authorized': 2,
    });
  });
});
