// journey14: an agent with DPoP proofs (@dual-auth/client) calling an Express API whose guard
// checks DPoP (@dual-auth/resource, replay store on a real redis-server), against the local
// Keycloak IdP of @dual-auth/testing over loopback TLS; and the same API behind a gateway that
// forwards the client certificate (certificate-bound tokens, RFC 8705). Written from the READMEs.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { InSessionApiCall } from '@dual-auth/client';
import { createAdapter, createDualSubjectToken } from '@dual-auth/core';
import { agentHasRole, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { dualAuth } from '@dual-auth/resource/express';
import { withDualAuth } from '@dual-auth/resource/fetch';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { createRedisClient, RedisReplayStore } from '@dual-auth/store-redis';
import {
  createRecordingLogger,
  createTestCa,
  startHttpsServer,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import express from 'express';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  SignJWT,
} from 'jose';

export const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
export const ath = (token) => b64url(createHash('sha256').update(token).digest());

/** A DPoP proof (RFC 9449 §4.2) made with jose; `over` changes header or claims for attacks. */
export async function makeProof(key, { url, method, accessToken, nonce }, over = {}) {
  const claims = {
    jti: crypto.randomUUID(),
    htm: method,
    htu: url,
    iat: Math.floor(Date.now() / 1000),
    ...(accessToken ? { ath: ath(accessToken) } : {}),
    ...(nonce ? { nonce } : {}),
    ...over.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, ...over.header })
    .sign(key.privateKey);
}

export async function dpopKey(alg = 'ES256') {
  const pair = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  return { ...pair, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

function openssl(dir, line) {
  execFileSync('openssl', line.split(' '), { cwd: dir, stdio: 'ignore' });
}

/** Client certificates from a throwaway CA (the testing kit issues server certificates only). */
function clientCertificates(names) {
  const dir = mkdtempSync(join(tmpdir(), 'journey14-'));
  const key = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
  openssl(dir, `req -x509 ${key} -keyout ca.key -out ca.pem -subj /CN=agents-ca -days 1`);
  const out = { caPem: readFileSync(join(dir, 'ca.pem'), 'utf8') };
  let serial = 1;
  for (const name of names) {
    openssl(dir, `req ${key} -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`);
    openssl(
      dir,
      `x509 -req -in ${name}.csr -CA ca.pem -CAkey ca.key -set_serial ${serial++} -days 1 -out ${name}.pem`,
    );
    const certPem = readFileSync(join(dir, `${name}.pem`), 'utf8');
    out[name] = {
      certPem,
      keyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
      x5t: b64url(createHash('sha256').update(new X509Certificate(certPem).raw).digest()),
    };
  }
  return out;
}

// The README's gateway pattern (packages/resource/README.md, "Certificate-bound tokens").
function certificateFromGateway(request) {
  const escaped = request.headers.get('x-ssl-client-cert');
  if (escaped === null || escaped === '') return undefined;
  const base64 = decodeURIComponent(escaped)
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

export async function startStack({ clock, publicBaseUrl } = {}) {
  const ca = await createTestCa();
  const redis = await startRedisServer();
  const redisClient = createRedisClient({ url: redis.url });
  const idp = await startLocalIdp({ vendor: 'keycloak', ca });
  const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
  const bob = [...idp.humans.values()].find((h) => h.username === 'bob');

  // The local IdP issues Bearer tokens only (no DPoP at its token endpoint, no mTLS): a second
  // "IdP key" re-signs its real tokens with `cnf` added, published beside the IdP's keys.
  const binder = await generateKeyPair('RS256', { extractable: true });
  const binderJwk = { ...(await exportJWK(binder.publicKey)), kid: 'binder', alg: 'RS256' };
  const keys = createLocalJWKSet({ keys: [...idp.jwks().keys, binderJwk] });
  const bind = (token, cnf, over = {}) =>
    new SignJWT({ ...decodeJwt(token), cnf, ...over })
      .setProtectedHeader({ alg: 'RS256', kid: 'binder', typ: 'JWT' })
      .sign(binder.privateKey);

  const logger = createRecordingLogger();
  const audits = [];
  const base = {
    profile: keycloakTokenProfile,
    issuer: idp.issuer,
    audience: idp.audience,
    keys,
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed: humanIn([alice.sub]),
    logger,
    onDecision: (event) => audits.push(event),
    ...(clock ? { clock } : {}),
  };
  const replayStore = () => new RedisReplayStore({ client: redisClient, timeoutMs: 500 });
  const apis = [];
  for (const _ of [1, 2]) {
    const guard = createDualAuthGuard({
      ...base,
      dpop: { replayStore: replayStore(), ...(publicBaseUrl ? { publicBaseUrl } : {}) },
    });
    const app = express();
    app.get('/_stats', async (_req, res) =>
      res.json({ cpu: process.cpuUsage(), redisKeys: await redisClient.dbSize() }),
    );
    app.get('/api/balance', dualAuth(guard), (req, res) =>
      res.json({ balance: 42, for: req.dualSubject.human.sub }),
    );
    app.post('/api/transfers', dualAuth(guard), (_req, res) => res.json({ ok: true }));
    app.post('/api/balance', dualAuth(guard), (_req, res) => res.json({ ok: true }));
    apis.push(await startHttpsServer(app, { ca }));
  }

  // Certificate-bound: a fetch-handler API behind a "gateway" that terminates mutual TLS and
  // forwards the certificate as nginx's X-SSL-Client-Cert (URL-encoded PEM).
  const certs = clientCertificates(['agent', 'thief']);
  const mtlsHandler = withDualAuth(
    (request) => Response.json({ ok: true, path: new URL(request.url).pathname }),
    { ...base, tlsClientCertificate: certificateFromGateway },
  );
  const serverCert = await ca.issueServerCertificate();
  const gateway = createHttpsServer(
    {
      key: serverCert.keyPem,
      cert: serverCert.certPem,
      ca: certs.caPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (name === 'x-ssl-client-cert') continue; // the gateway overwrites what a client sends
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const peer = req.socket.authorized ? req.socket.getPeerX509Certificate() : undefined;
      if (peer) headers.set('x-ssl-client-cert', encodeURIComponent(peer.toString()));
      const response = await mtlsHandler(
        new Request(`https://127.0.0.1${req.url}`, { method: req.method, headers }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    },
  );
  await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));

  // The agent: a Keycloak adapter from the IdP's variables, the human from the app's session.
  const adapter = await createAdapter(undefined, {
    plugins: [keycloakPlugin],
    env: idp.env(),
    fetch: idp.fetch,
  });
  const act = (human) =>
    new HybridSender().extractActFromSession(new UserSession({ userId: human.sub }));
  const inSession = new InSessionTokenRequest({ adapter });
  const bearerFor = async (human) =>
    (
      await inSession.requestToken({
        agentId: 'finance-agent',
        act: act(human),
        scope: ['finance.read'],
      })
    ).accessToken;
  const asToken = (accessToken, tokenType = 'DPoP') =>
    createDualSubjectToken({
      accessToken,
      tokenType,
      expiresIn: 300,
      scope: 'finance.read',
      issuedAt: Date.now(),
    });

  return {
    ca,
    redis,
    redisClient,
    idp,
    alice,
    bob,
    apis,
    gateway,
    gatewayUrl: `https://127.0.0.1:${gateway.address().port}`,
    certs,
    logger,
    audits,
    bind,
    bearerFor,
    asToken,
    client: (options = {}) =>
      new InSessionApiCall({ fetch: apis[0].fetch, retry: false, ...options }),
    async close() {
      gateway.closeAllConnections();
      gateway.close();
      for (const api of apis) await api.close();
      await idp.close();
      redisClient.destroy();
      await redis.stop();
    },
  };
}
