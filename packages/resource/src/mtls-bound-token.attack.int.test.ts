import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientCertificate,
  callOverTls,
  openssl,
  P256_KEY,
  readClientCertificate,
} from '../test/support/client-certificates.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createServerTls } from '../test/support/mtls-servers.js';
import { accessToken, createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { dualAuth } from './express/index.js';

// Someone holding a certificate-bound token (RFC 8705 §3) tries it over real mutual TLS on
// loopback with a certificate the server should not take (expired), and a legit agent resumes
// its TLS session (no new handshake, so no certificate sent again): the binding must hold both
// ways. Client certificates come from a CA the test makes with openssl.

let dir: string;

// `openssl ca` sets any validity, so a certificate of the trusted CA can be long expired.
function issue(name: string, validity: string): ClientCertificate {
  openssl(dir, `req ${P256_KEY} -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`);
  openssl(
    dir,
    `ca -config ca.cnf -batch -notext -cert client-ca.pem -keyfile client-ca.key -in ${name}.csr -out ${name}.pem ${validity}`,
  );
  return readClientCertificate(dir, name);
}

let idpKey: SigningKey;
let serverCaPem: string;
let valid: ClientCertificate;
let expired: ClientCertificate;
let server: Server;
let url: string;
const reused: boolean[] = [];

const call = (token: string, client: ClientCertificate, agent: Agent | false) =>
  callOverTls(url, token, serverCaPem, client, agent);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dual-auth-mtls-attack-'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1001\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n',
  );
  openssl(
    dir,
    `req -x509 ${P256_KEY} -keyout client-ca.key -out client-ca.pem -subj /CN=client-ca -days 2`,
  );
  valid = issue('agent-valid', '-days 1');
  expired = issue('agent-expired', '-startdate 20250101000000Z -enddate 20250102000000Z');
  idpKey = await createSigningKey('idp-1');
  const serverTls = await createServerTls(readFileSync(join(dir, 'client-ca.pem'), 'utf8'));
  serverCaPem = serverTls.serverCaPem;
  const app = express();
  app.use((req, _res, next) => {
    reused.push((req.socket as TLSSocket).isSessionReused());
    next();
  });
  app.use(
    '/api',
    dualAuth({
      ...keycloakGuardOptions(idpKey.publicKey),
      tlsClientCertificate: 'tls-connection',
    }),
  );
  app.get('/api/balance', (req, res) => {
    res.json({ human: req.dualSubject?.human.sub });
  });
  // rejectUnauthorized false: an expired certificate still connects, unauthorized.
  server = createHttpsServer(
    { ...serverTls.tls, requestCert: true, rejectUnauthorized: false },
    app,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const boundTo = (client: ClientCertificate) =>
  accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': client.thumbprint } });

describe('a certificate-bound token over mutual TLS, attacked', () => {
  it('is refused from the expired certificate of the trusted CA it is bound to', async () => {
    const answer = await call(await boundTo(expired), expired, false);
    expect(answer.status).toBe(401);
    expect(answer.body.error_description).toMatch(/client certificate/);
  });

  it('is admitted on a resumed TLS session of its certificate, and another token there refused', async () => {
    const agent = new Agent({ keepAlive: false, maxCachedSessions: 4 });
    try {
      const token = await boundTo(valid);
      reused.length = 0;
      expect((await call(token, valid, agent)).status).toBe(200);
      expect((await call(token, valid, agent)).status).toBe(200);
      expect(reused).toEqual([false, true]);
      // The resumed session is the valid certificate's: a token bound to the expired one is not
      // admitted there.
      expect((await call(await boundTo(expired), valid, agent)).status).toBe(401);
      expect(reused[2]).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
